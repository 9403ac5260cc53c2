import { X509Certificate, createHash, generateKeyPairSync } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ConfidentialClientApplication } from "@azure/msal-node";
import forge from "node-forge";
import { describe, expect, it } from "vitest";
import { type EntraEnv, authorityFor, clientCredential, knownAuthoritiesFor, loadCertificate, msalConfiguration } from "./msal";

const dir = mkdtempSync(path.join(tmpdir(), "msal-test-"));

const base: EntraEnv = {
  AZURE_TENANT_ID: "4d5e6f70-0000-4000-8000-000000000001",
  AZURE_CLIENT_ID: "a1b2c3d4-0000-4000-8000-00000000a001",
  AZURE_AUTHORITY_HOST: "https://login.microsoftonline.com",
  AZURE_CLIENT_SECRET: "s3cret",
  AZURE_CLIENT_CERTIFICATE_PATH: undefined,
  AZURE_FEDERATED_TOKEN_FILE: undefined,
  LOG_LEVEL: "info",
};

function makePem(): { pem: string; certPem: string; otherKeyPem: string } {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const keyPem = privateKey.export({ type: "pkcs1", format: "pem" }).toString();
  const key = forge.pki.privateKeyFromPem(keyPem);
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  cert.serialNumber = "01";
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 86_400_000);
  cert.setSubject([{ name: "commonName", value: "aks-jit-access" }]);
  cert.setIssuer([{ name: "commonName", value: "aks-jit-access" }]);
  cert.sign(key, forge.md.sha256.create());
  const certPem = forge.pki.certificateToPem(cert);
  const other = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  return { pem: `${certPem}\n${keyPem}`, certPem, otherKeyPem: other };
}

describe("authority", () => {
  it("is the authority host followed by the tenant id, without a double slash", () => {
    expect(authorityFor({ ...base, AZURE_AUTHORITY_HOST: "https://login.microsoftonline.com/" })).toBe(
      "https://login.microsoftonline.com/4d5e6f70-0000-4000-8000-000000000001",
    );
  });

  it("trusts a non-Microsoft host explicitly (host:port) and leaves Microsoft hosts to MSAL", () => {
    expect(knownAuthoritiesFor("https://localhost:8443")).toEqual(["localhost:8443"]);
    expect(knownAuthoritiesFor("https://login.example.internal")).toEqual(["login.example.internal"]);
    expect(knownAuthoritiesFor("https://login.microsoftonline.com")).toEqual([]);
    expect(knownAuthoritiesFor("https://LOGIN.microsoftonline.us/")).toEqual([]);
    expect(msalConfiguration(base).auth.knownAuthorities).toBeUndefined();
    expect(msalConfiguration({ ...base, AZURE_AUTHORITY_HOST: "https://localhost:8443" }).auth.knownAuthorities).toEqual(["localhost:8443"]);
  });

  it("never enables PII logging", () => {
    expect(msalConfiguration(base).system?.loggerOptions?.piiLoggingEnabled).toBe(false);
  });
});

describe("credentials", () => {
  it("uses the client secret when that is what is configured", () => {
    const c = clientCredential(base);
    expect(c).toEqual({ clientSecret: "s3cret" });
  });

  it("loads a PEM certificate with its key into thumbprintSha256, a PKCS#8 key and x5c", () => {
    const { pem, certPem } = makePem();
    const file = path.join(dir, "cert.pem");
    writeFileSync(file, pem);
    const env = { ...base, AZURE_CLIENT_SECRET: undefined, AZURE_CLIENT_CERTIFICATE_PATH: file };
    const { clientCertificate } = clientCredential(env);
    const der = new X509Certificate(certPem).raw;
    expect(clientCertificate?.thumbprintSha256).toBe(createHash("sha256").update(der).digest("hex"));
    expect(clientCertificate?.privateKey).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(clientCertificate?.x5c).toContain("BEGIN CERTIFICATE");
    expect(clientCertificate?.x5c).not.toContain("PRIVATE KEY");
    // MSAL accepts it as its one credential.
    expect(() => new ConfidentialClientApplication(msalConfiguration(env))).not.toThrow();
  });

  it("refuses a certificate file whose key belongs to another certificate", () => {
    const { certPem, otherKeyPem } = makePem();
    const file = path.join(dir, "mismatch.pem");
    writeFileSync(file, `${certPem}\n${otherKeyPem}`);
    expect(() => loadCertificate(file)).toThrow(/does not belong to the certificate/);
  });

  it("names the variable when the certificate file is missing or has no key", () => {
    expect(() => loadCertificate(path.join(dir, "nope.pem"))).toThrow(/AZURE_CLIENT_CERTIFICATE_PATH .* cannot be read/);
    const { certPem } = makePem();
    const file = path.join(dir, "nokey.pem");
    writeFileSync(file, certPem);
    expect(() => loadCertificate(file)).toThrow(/no unencrypted private key/);
  });

  it("re-reads the federated token file on every assertion, because kubelet rotates it", async () => {
    const file = path.join(dir, "azure-identity-token");
    writeFileSync(file, "first.jwt.value\n");
    const { clientAssertion } = clientCredential({ ...base, AZURE_CLIENT_SECRET: undefined, AZURE_FEDERATED_TOKEN_FILE: file });
    if (typeof clientAssertion !== "function") throw new Error("expected a callback");
    const cfg = { clientId: base.AZURE_CLIENT_ID, tokenEndpoint: "https://x/token" };
    expect(await clientAssertion(cfg)).toBe("first.jwt.value");
    writeFileSync(file, "second.jwt.value");
    expect(await clientAssertion(cfg)).toBe("second.jwt.value");
    writeFileSync(file, "  ");
    await expect(clientAssertion(cfg)).rejects.toThrow(/is empty/);
  });
});
