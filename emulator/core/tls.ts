/**
 * Local certificate authority for the emulator. MSAL refuses non-https authorities and the Graph/ARM
 * SDKs only send bearer tokens over https (entra-graph-api.md §2.1), so the emulator serves TLS with a
 * leaf certificate from a CA that Node processes trust through NODE_EXTRA_CA_CERTS.
 *
 * Keys come from node:crypto (fast); node-forge builds and signs the X.509 structures.
 * Everything lives under `<dataDir>/tls`, which is git-ignored.
 */
import fs from "node:fs";
import path from "node:path";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import forge from "node-forge";
import { writeFileAtomic } from "./atomic-write";
import { withFileLock } from "./file-lock";

export interface CertificateAuthority {
  caPath: string;
  certPem: string;
  keyPem: string;
}

export interface ServerCertificate {
  certPem: string;
  keyPem: string;
}

const caValidityYears = 10;
const serverValidityDays = 397;
/** Reissue the leaf when it would expire within this window. */
const renewBeforeMs = 30 * 24 * 3600 * 1000;

export function ensureCertificateAuthority(dir: string): CertificateAuthority {
  fs.mkdirSync(dir, { recursive: true });
  const caPath = path.join(dir, "ca.pem");
  const keyPath = path.join(dir, "ca-key.pem");
  const existing = readPair(caPath, keyPath);
  if (existing) return { caPath, ...existing };
  return withFileLock(path.join(dir, ".ca.lock"), () => {
    const raced = readPair(caPath, keyPath);
    if (raced) return { caPath, ...raced };
    const { certPem, keyPem } = createCa();
    // Key first: a reader that sees ca.pem must also find its key.
    writeFileAtomic(keyPath, keyPem, 0o600);
    writeFileAtomic(caPath, certPem);
    return { caPath, certPem, keyPem };
  });
}

export function issueServerCertificate(ca: CertificateAuthority, dir: string): ServerCertificate {
  fs.mkdirSync(dir, { recursive: true });
  const certPath = path.join(dir, "server.pem");
  const keyPath = path.join(dir, "server-key.pem");
  const existing = readPair(certPath, keyPath);
  if (existing && isUsable(existing.certPem, ca)) return existing;
  return withFileLock(path.join(dir, ".server.lock"), () => {
    const raced = readPair(certPath, keyPath);
    if (raced && isUsable(raced.certPem, ca)) return raced;
    const issued = createServerCertificate(ca);
    writeFileAtomic(keyPath, issued.keyPem, 0o600);
    writeFileAtomic(certPath, issued.certPem);
    return issued;
  });
}

function readPair(certPath: string, keyPath: string): ServerCertificate | undefined {
  try {
    return { certPem: fs.readFileSync(certPath, "utf8"), keyPem: fs.readFileSync(keyPath, "utf8") };
  } catch {
    return undefined;
  }
}

function isUsable(certPem: string, ca: CertificateAuthority): boolean {
  try {
    const cert = forge.pki.certificateFromPem(certPem);
    const caCert = forge.pki.certificateFromPem(ca.certPem);
    const fresh = cert.validity.notAfter.getTime() - Date.now() > renewBeforeMs;
    return fresh && caCert.verify(cert);
  } catch {
    return false;
  }
}

function newKeyPair(): { publicKey: forge.pki.rsa.PublicKey; privateKey: forge.pki.rsa.PrivateKey; keyPem: string } {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const keyPem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  const forgeKey = forge.pki.privateKeyFromPem(keyPem);
  const publicKey = forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e);
  return { publicKey, privateKey: forgeKey, keyPem };
}

function serialNumber(): string {
  // Positive (leading nibble < 8) random 16-byte serial, as RFC 5280 asks for.
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] ?? 0) & 0x7f;
  return bytes.toString("hex");
}

function createCa(): ServerCertificate {
  const keys = newKeyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = serialNumber();
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(cert.validity.notBefore);
  cert.validity.notAfter.setFullYear(cert.validity.notBefore.getFullYear() + caValidityYears);
  const subject = [
    { name: "commonName", value: "AKS JIT tenant emulator local CA" },
    { name: "organizationName", value: "aks-jit-access emulator" },
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: "basicConstraints", cA: true, critical: true },
    { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true },
    { name: "subjectKeyIdentifier" },
  ]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem: keys.keyPem };
}

function createServerCertificate(ca: CertificateAuthority): ServerCertificate {
  const caCert = forge.pki.certificateFromPem(ca.certPem);
  const caKey = forge.pki.privateKeyFromPem(ca.keyPem);
  const keys = newKeyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = serialNumber();
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + serverValidityDays * 24 * 3600 * 1000);
  cert.setSubject([{ name: "commonName", value: "localhost" }]);
  cert.setIssuer(caCert.subject.attributes);
  cert.setExtensions([
    { name: "basicConstraints", cA: false },
    { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
    { name: "extKeyUsage", serverAuth: true },
    {
      name: "subjectAltName",
      altNames: [
        { type: 2, value: "localhost" },
        { type: 7, ip: "127.0.0.1" },
        { type: 7, ip: "::1" },
      ],
    },
  ]);
  cert.sign(caKey, forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem: keys.keyPem };
}
