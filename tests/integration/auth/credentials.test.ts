import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { SignJWT, exportJWK } from "jose";
import forge from "node-forge";
import { describe, expect, it } from "vitest";
import { isAppError } from "@/lib/errors";
import { getAppAccessToken } from "@/lib/entra/tokens";
import type { TenantFixture } from "../../../emulator/core/types";
import { setupAuthEnvironment, withEnv } from "./auth-env";

// The app's three credential kinds, each against the emulator's token endpoint through the real MSAL.
const ctx = setupAuthEnvironment({ withoutDatabase: true });
const dir = mkdtempSync(path.join(tmpdir(), "jit-credentials-"));

function certificatePem(): { certPem: string; keyPem: string } {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const keyPem = privateKey.export({ type: "pkcs1", format: "pem" }).toString();
  const key = forge.pki.privateKeyFromPem(keyPem);
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  cert.serialNumber = "02";
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 86_400_000);
  cert.setSubject([{ name: "commonName", value: "aks-jit-access" }]);
  cert.setIssuer([{ name: "commonName", value: "aks-jit-access" }]);
  cert.sign(key, forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem };
}

/** Loads the seeded fixture with the first app registration changed by `edit`. */
function withApp(edit: (app: TenantFixture["applications"][number]) => void): void {
  const fixture = structuredClone(ctx().emulator.core.currentFixture());
  const app = fixture.applications[0];
  if (!app) throw new Error("fixture has no application");
  edit(app);
  ctx().emulator.loadFixture(fixture);
}

async function failure(p: Promise<unknown>) {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!isAppError(e)) throw new Error(`expected an AppError, got ${String(e)}`);
  return e;
}

const secret = () => ctx().emulator.app().secrets[0]?.value ?? "";

describe("app credentials", () => {
  it("a certificate registered on the app (PEM with key) gets tokens; an unregistered one is explained", async () => {
    const registered = certificatePem();
    const file = path.join(dir, "app-cert.pem");
    writeFileSync(file, `${registered.certPem}${registered.keyPem}`);
    withApp((app) => (app.certificates = [registered.certPem]));
    await withEnv("AZURE_CLIENT_SECRET", "", secret(), () =>
      withEnv("AZURE_CLIENT_CERTIFICATE_PATH", file, "", async () => {
        expect(await getAppAccessToken("graph")).toMatch(/^eyJ/);
        // Rotate the file to a certificate the app registration does not know: the app client is rebuilt.
        const stranger = certificatePem();
        writeFileSync(file, `${stranger.certPem}${stranger.keyPem}`);
        const e = await failure(getAppAccessToken("arm"));
        expect(e.code).toBe("misconfigured");
        expect(e.userMessage).toContain("AADSTS700027");
      }),
    );
  });

  it("workload identity: the federated token file is read on every token request", async () => {
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const jwk = { ...(await exportJWK(publicKey)), kid: "aks-oidc-1", alg: "RS256", use: "sig" };
    const federated = ctx().emulator.app().federatedCredentials?.[0];
    if (!federated) throw new Error("the seeded app has no federated credential");
    withApp((app) => (app.federatedCredentials = [{ ...federated, jwks: [jwk] }]));
    const serviceAccountToken = (subject: string) =>
      new SignJWT({})
        .setProtectedHeader({ alg: "RS256", kid: "aks-oidc-1" })
        .setIssuer(federated.issuer)
        .setSubject(subject)
        .setAudience(federated.audiences)
        .setIssuedAt()
        .setExpirationTime("1h")
        .sign(privateKey);

    const file = path.join(dir, "azure-identity-token");
    writeFileSync(file, await serviceAccountToken(federated.subject));
    await withEnv("AZURE_CLIENT_SECRET", "", secret(), () =>
      withEnv("AZURE_FEDERATED_TOKEN_FILE", file, "", async () => {
        expect(await getAppAccessToken("graph")).toMatch(/^eyJ/);
        // kubelet rotates the file; the next token request must present the new content.
        writeFileSync(file, await serviceAccountToken("system:serviceaccount:other:intruder"));
        const e = await failure(getAppAccessToken("arm"));
        expect(e.code).toBe("misconfigured");
        expect(e.userMessage).toContain("AADSTS70021");
      }),
    );
  });
});
