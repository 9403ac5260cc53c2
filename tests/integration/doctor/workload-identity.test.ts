/**
 * Workload identity federation, as on AKS: no client secret, only AZURE_FEDERATED_TOKEN_FILE holding a projected
 * service-account token (iss = the cluster's OIDC issuer, sub = system:serviceaccount:<ns>:<sa>, aud =
 * api://AzureADTokenExchange) matching the seeded app's federated credential. App-only Graph and ARM both work,
 * through the app's own code paths (lib/entra/graph.ts, lib/entra/arm.ts), and so does the whole setup check.
 */
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createAuthorizationClient, getManagedCluster, listRoleAssignmentsOf } from "@/lib/entra/arm";
import { listTransitiveUserMembers } from "@/lib/entra/directory";
import { createGraphClients } from "@/lib/entra/graph";
import { runDoctor } from "@/lib/doctor/run-doctor";
import { isAppError } from "@/lib/errors";
import { loadEnv, resetEnvForTests } from "@/lib/env";
import { seededTenant } from "./fixture-patch";
import { SEED, setupDoctorEnvironment } from "./doctor-env";

const env = setupDoctorEnvironment({ credential: "none" });
const dir = mkdtempSync(path.join(tmpdir(), "jit-wif-"));
const tokenFile = path.join(dir, "azure-identity-token");
const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });

async function writeServiceAccountToken(subject?: string): Promise<void> {
  const federated = env().emulator.app().federatedCredentials?.[0];
  if (!federated) throw new Error("the seeded app has no federated credential");
  const jwt = await new SignJWT({ "kubernetes.io": { namespace: "aks-jit", serviceaccount: { name: "aks-jit-access" } } })
    .setProtectedHeader({ alg: "RS256", kid: "aks-oidc-test" })
    .setIssuer(federated.issuer)
    .setSubject(subject ?? federated.subject)
    .setAudience(federated.audiences)
    .setIssuedAt()
    .setExpirationTime("1h")
    .sign(privateKey);
  writeFileSync(tokenFile, `${jwt}\n`);
}

beforeAll(async () => {
  env().useTenant(seededTenant());
  await writeServiceAccountToken();
  vi.stubEnv("AZURE_FEDERATED_TOKEN_FILE", tokenFile);
  resetEnvForTests();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("workload identity (federated token file, no secret)", () => {
  it("the configuration holds no secret and no certificate, only the token file", () => {
    const e = loadEnv();
    expect(e.AZURE_CLIENT_SECRET).toBeUndefined();
    expect(e.AZURE_CLIENT_CERTIFICATE_PATH).toBeUndefined();
    expect(e.AZURE_FEDERATED_TOKEN_FILE).toBe(tokenFile);
  });

  it("app-only Graph calls work: the approver group's members and the service mailbox", async () => {
    const graph = createGraphClients().app();
    const members = await listTransitiveUserMembers(graph, SEED.approverGroup);
    expect(members.map((m) => m.userPrincipalName).sort()).toEqual(["p01@contoso.example", "p02@contoso.example"]);
    const sender = (await graph.api(`/users/${SEED.mailSender}`).select(["id", "mail"]).get()) as { mail: string };
    expect(sender.mail).toBe(SEED.mailSender);
  });

  it("ARM calls through lib/entra/arm.ts work: role assignments (SDK) and the managed cluster (fetch)", async () => {
    const client = createAuthorizationClient(SEED.subscriptionId);
    const assignments = await listRoleAssignmentsOf(client, SEED.clusterId, SEED.adminGroup);
    expect(assignments.map((a) => a.roleDefinitionGuid)).toEqual(["3498e952-d568-435e-9b2c-8d77e338d7f7"]);
    const cluster = await getManagedCluster(SEED.clusterId);
    expect(cluster).toMatchObject({ name: "aks-prod", disableLocalAccounts: true, aad: { managed: true, enableAzureRBAC: true, adminGroupObjectIDs: [] } });
  });

  it("the setup check runs on the federated credential alone", async () => {
    const report = await runDoctor();
    expect(report.summary.fail).toBe(0);
  });

  it("the file is read for each new token: a token for another service account is refused (AADSTS70021)", async () => {
    await writeServiceAccountToken("system:serviceaccount:other:intruder");
    resetEnvForTests(); // a new MSAL app client, so no cached token hides the new assertion
    const error = await getManagedCluster(SEED.clusterId).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isAppError(error) && error.code).toBe("misconfigured");
    expect(isAppError(error) && error.userMessage).toContain("AADSTS70021");
    await writeServiceAccountToken();
    resetEnvForTests();
  });
});
