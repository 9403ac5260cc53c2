import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { X509Certificate } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { ensureCertificateAuthority, issueServerCertificate } from "./tls";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "emulator-tls-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("local CA", () => {
  it("creates a CA once, with a private key only its owner can read", () => {
    const ca = ensureCertificateAuthority(dir);
    expect(ensureCertificateAuthority(dir).certPem).toBe(ca.certPem);
    expect(fs.statSync(path.join(dir, "ca-key.pem")).mode & 0o777).toBe(0o600);
    const cert = new X509Certificate(ca.certPem);
    expect(cert.ca).toBe(true);
    const years = (Date.parse(cert.validTo) - Date.parse(cert.validFrom)) / (365 * 24 * 3600 * 1000);
    expect(Math.round(years)).toBe(10);
  });

  it("issues a localhost server certificate signed by the CA, cached until it is missing", () => {
    const ca = ensureCertificateAuthority(dir);
    const server = issueServerCertificate(ca, dir);
    const cert = new X509Certificate(server.certPem);
    expect(cert.verify(new X509Certificate(ca.certPem).publicKey)).toBe(true);
    expect(cert.subjectAltName).toContain("DNS:localhost");
    expect(cert.subjectAltName).toContain("IP Address:127.0.0.1");
    expect(cert.checkHost("localhost")).toBe("localhost");
    expect(issueServerCertificate(ca, dir).certPem).toBe(server.certPem);
    fs.rmSync(path.join(dir, "server.pem"));
    expect(issueServerCertificate(ca, dir).certPem).not.toBe(server.certPem);
  });

  it("reissues the server certificate when the CA changed", () => {
    const other = fs.mkdtempSync(path.join(os.tmpdir(), "emulator-tls-other-"));
    try {
      const server = issueServerCertificate(ensureCertificateAuthority(dir), dir);
      const otherCa = ensureCertificateAuthority(other);
      const reissued = issueServerCertificate(otherCa, dir);
      expect(reissued.certPem).not.toBe(server.certPem);
      expect(new X509Certificate(reissued.certPem).verify(new X509Certificate(otherCa.certPem).publicKey)).toBe(true);
    } finally {
      fs.rmSync(other, { recursive: true, force: true });
    }
  });
});
