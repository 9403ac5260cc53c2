/**
 * The emulator's token-signing key: RSA 2048, generated once and kept under
 * `<dataDir>/emulator/signing-key.pem` so tokens stay verifiable across restarts. Published in the JWKS
 * with a self-signed certificate (`x5c`), like Entra's keys; `kid` = `x5t` = the certificate's SHA-1
 * thumbprint in base64url, as Entra does.
 */
import fs from "node:fs";
import path from "node:path";
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import forge from "node-forge";
import { writeFileAtomic } from "../core/atomic-write";
import { withFileLock } from "../core/file-lock";

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** Public JWK as published at /discovery/v2.0/keys. */
  jwk: Record<string, unknown>;
}

export function loadOrCreateSigningKey(dir: string): SigningKey {
  fs.mkdirSync(dir, { recursive: true });
  const keyPath = path.join(dir, "signing-key.pem");
  const certPath = path.join(dir, "signing-cert.pem");
  if (!fs.existsSync(keyPath) || !fs.existsSync(certPath)) {
    withFileLock(path.join(dir, ".signing-key.lock"), () => {
      if (fs.existsSync(keyPath) && fs.existsSync(certPath)) return;
      const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
      const keyPem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
      writeFileAtomic(keyPath, keyPem, 0o600);
      writeFileAtomic(certPath, selfSignedCertificate(keyPem));
    });
  }
  const privateKey = createPrivateKey(fs.readFileSync(keyPath, "utf8"));
  const publicKey = createPublicKey(privateKey);
  const certDer = Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(forge.pki.certificateFromPem(fs.readFileSync(certPath, "utf8")))).getBytes(), "binary");
  const kid = createHash("sha1").update(certDer).digest("base64url");
  const { n, e } = publicKey.export({ format: "jwk" });
  return {
    kid,
    privateKey,
    publicKey,
    jwk: { kty: "RSA", use: "sig", kid, x5t: kid, n, e, x5c: [certDer.toString("base64")] },
  };
}

function selfSignedCertificate(keyPem: string): string {
  const key = forge.pki.privateKeyFromPem(keyPem);
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  cert.serialNumber = "01";
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 10 * 365 * 24 * 3600 * 1000);
  const subject = [{ name: "commonName", value: "emulated-accounts.localhost" }];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.sign(key, forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}
