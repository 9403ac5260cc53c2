/**
 * The production build running on workload identity alone, as on AKS: no client secret, only
 * AZURE_FEDERATED_TOKEN_FILE holding a service-account token whose iss/sub/aud match the seeded app's federated
 * credential. Users sign in (the auth-code redemption uses the federated assertion too), the auditor's setup
 * page runs every check on that credential, and the file is re-read for new tokens (kubelet rotates it).
 */
import { generateKeyPairSync, sign } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { repoRoot } from "../scripts/stack";
import { pickUser, signIn } from "./support/sign-in";
import { useStack } from "./support/stack";

interface FederatedCredential {
  issuer: string;
  subject: string;
  audiences: string[];
}

const seed = JSON.parse(readFileSync(path.join(repoRoot, "emulator/fixtures/tenant.json"), "utf8")) as {
  applications: { federatedCredentials: FederatedCredential[] }[];
};
const federated = seed.applications[0]?.federatedCredentials[0];
if (!federated) throw new Error("the seeded app has no federated credential");

const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const b64url = (data: Buffer | string) => Buffer.from(data).toString("base64url");

/** A projected service-account token as kubelet writes it (RS256 JWT), signed synchronously so it exists before the app starts. */
function serviceAccountToken(subject: string): string {
  const now = Math.floor(Date.now() / 1000);
  const header = b64url(JSON.stringify({ alg: "RS256", typ: "JWT", kid: "e2e-oidc" }));
  const payload = b64url(JSON.stringify({ iss: federated!.issuer, sub: subject, aud: federated!.audiences, iat: now, nbf: now, exp: now + 3600 }));
  const signature = b64url(sign("sha256", Buffer.from(`${header}.${payload}`), privateKey));
  return `${header}.${payload}.${signature}`;
}

const tokenFile = path.join(mkdtempSync(path.join(os.tmpdir(), "jit-e2e-wif-")), "azure-identity-token");
writeFileSync(tokenFile, serviceAccountToken(federated.subject));

const stack = useStack({ AZURE_CLIENT_SECRET: "", AZURE_FEDERATED_TOKEN_FILE: tokenFile });

test("a requester signs in while the app holds no client secret, only the federated token file", async ({ page }) => {
  expect(stack().env.AZURE_CLIENT_SECRET).toBe("");
  await page.goto(stack().appUrl);
  await page.getByTestId("sign-in").click();
  await pickUser(page, "n01@contoso.example");
  await expect(page.getByTestId("user-name")).toHaveText("Nora Requester");
  await expect(page.getByTestId("user-upn")).toHaveText("n01@contoso.example");
});

test("the auditor's setup page runs every check on the federated credential: all pass but the seeded warning", async ({ page }) => {
  await signIn(page, stack().appUrl, "a01@contoso.example", "/admin/setup");
  await expect(page.getByRole("heading", { name: "Setup check", level: 1 })).toBeVisible();
  await expect(page.getByTestId("setup-summary")).toHaveAttribute("data-healthy", "true");
  await expect(page.locator('[data-testid="setup-check"][data-status="fail"]')).toHaveCount(0);
  await expect(page.locator('[data-testid="setup-check"][data-status="warn"]')).toHaveCount(1);
  await expect(page.locator('[data-testid="setup-check"][data-check-id="approver-separation"]')).toHaveAttribute("data-status", "warn");
  await expect(page.locator('[data-testid="setup-check"][data-check-id="app-permissions"]')).toHaveAttribute("data-status", "pass");
  await expect(page.locator('[data-testid="setup-check"][data-check-id="cluster-azure-rbac"]')).toHaveAttribute("data-status", "pass");
});

test("the setup page is not found for someone outside the auditor group", async ({ page }) => {
  await signIn(page, stack().appUrl, "n01@contoso.example");
  const res = await page.goto(`${stack().appUrl}/admin/setup`);
  expect(res?.status()).toBe(404);
  await expect(page.getByTestId("setup-summary")).toHaveCount(0);
});

test("a token file for another service account is refused by Entra at the next sign-in", async ({ page }) => {
  writeFileSync(tokenFile, serviceAccountToken("system:serviceaccount:other:intruder"));
  try {
    await page.goto(`${stack().appUrl}/api/auth/login?returnTo=%2F`);
    await pickUser(page, "n02@contoso.example");
    await expect(page.getByTestId("auth-error")).toBeVisible();
    await expect(page.getByTestId("user-name")).toHaveCount(0);
  } finally {
    writeFileSync(tokenFile, serviceAccountToken(federated.subject));
  }
});
