/**
 * Confidential-client authentication at the token endpoint (entra-graph-api.md §10.6, §12.4):
 * `client_secret` (post or basic), a certificate-signed `client_assertion`, or a federated
 * (workload identity) `client_assertion`.
 *
 * Federated assertions: `iss`+`sub` must match one of the app's federatedCredentials, `aud` must contain
 * one of its audiences and the token must be within its validity window. When the fixture gives that
 * credential a `jwks` array the signature is verified against it; without `jwks` the emulator has no
 * way to fetch the issuer's keys (offline), so the signature is NOT checked — only the claims are.
 */
import { createHash, createPublicKey, X509Certificate, type JsonWebKey } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { decodeJwt, verifyJwtSignature, type DecodedJwt } from "../core/jwt";
import { AadError, type FixtureApplication } from "../core/types";

export const jwtBearerAssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

export interface AuthenticatedClient {
  app: FixtureApplication;
  /** `appidacr`: "1" = secret, "2" = certificate / assertion. */
  appidacr: "1" | "2";
}

export interface ClientAuthInput {
  form: URLSearchParams;
  req: IncomingMessage;
  nowMs: number;
  /** Acceptable `aud` values of certificate assertions (this token endpoint under the hosts we answer on). */
  tokenEndpoints: string[];
  findApp(clientId: string): FixtureApplication | undefined;
}

export function authenticateClient(input: ClientAuthInput): AuthenticatedClient {
  const basic = parseBasic(input.req.headers.authorization);
  const clientId = input.form.get("client_id") ?? basic?.id ?? null;
  if (!clientId) throw new AadError(400, "invalid_request", 900144, "The request body must contain the following parameter: 'client_id'.");
  const app = input.findApp(clientId);
  if (!app) {
    throw new AadError(400, "unauthorized_client", 700016, `Application with identifier '${clientId}' was not found in the directory. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.`);
  }
  const secret = input.form.get("client_secret") ?? (basic && basic.id.toLowerCase() === clientId.toLowerCase() ? basic.secret : null);
  const assertion = input.form.get("client_assertion");
  if (secret !== null) return { app, appidacr: checkSecret(app, secret, input.nowMs) };
  if (assertion !== null) {
    if (input.form.get("client_assertion_type") !== jwtBearerAssertionType) {
      throw new AadError(400, "invalid_request", 50027, `client_assertion_type must be '${jwtBearerAssertionType}'.`);
    }
    const jwt = decodeJwt(assertion);
    if (!jwt) throw new AadError(401, "invalid_client", 50027, "Invalid JWT token. Token format not valid.");
    const { iss, sub } = jwt.payload;
    if (iss === app.appId && sub === app.appId) checkCertificateAssertion(app, jwt, input);
    else checkFederatedAssertion(app, jwt, input.nowMs);
    return { app, appidacr: "2" };
  }
  throw new AadError(401, "invalid_client", 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
}

function parseBasic(header: string | undefined): { id: string; secret: string } | undefined {
  const m = /^Basic\s+(\S+)$/i.exec(header ?? "");
  if (!m?.[1]) return undefined;
  const decoded = Buffer.from(m[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return undefined;
  const unescape = (s: string) => {
    try {
      return decodeURIComponent(s.replace(/\+/g, " "));
    } catch {
      return s;
    }
  };
  return { id: unescape(decoded.slice(0, colon)), secret: unescape(decoded.slice(colon + 1)) };
}

function checkSecret(app: FixtureApplication, secret: string, nowMs: number): "1" {
  const match = app.secrets.find((s) => s.value === secret);
  if (!match) {
    throw new AadError(401, "invalid_client", 7000215, `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${app.appId}'.`);
  }
  if (match.expiresAt && Date.parse(match.expiresAt) <= nowMs) {
    throw new AadError(401, "invalid_client", 7000222, `The provided client secret keys for app '${app.appId}' are expired. Visit the Azure portal to create new keys for your app.`);
  }
  return "1";
}

function checkTimes(jwt: DecodedJwt, nowMs: number): void {
  const nowSec = Math.floor(nowMs / 1000);
  const { exp, nbf } = jwt.payload;
  if (typeof exp !== "number" || nowSec >= exp || (typeof nbf === "number" && nowSec + 300 < nbf)) {
    throw new AadError(400, "invalid_client", 700024, "Client assertion is not within its valid time range.");
  }
}

function checkCertificateAssertion(app: FixtureApplication, jwt: DecodedJwt, input: ClientAuthInput): void {
  const audiences = toArray(jwt.payload.aud).map(normaliseEndpoint);
  if (!audiences.some((a) => input.tokenEndpoints.map(normaliseEndpoint).includes(a))) {
    throw new AadError(401, "invalid_client", 700212, `The audience of the client assertion must be this tenant's token endpoint. Got '${toArray(jwt.payload.aud).join(", ")}'.`);
  }
  checkTimes(jwt, input.nowMs);
  const sha256 = typeof jwt.header["x5t#S256"] === "string" ? jwt.header["x5t#S256"] : undefined;
  const sha1 = typeof jwt.header.x5t === "string" ? jwt.header.x5t : undefined;
  const cert = (app.certificates ?? []).map(parseCert).find((c) => c && ((sha256 && c.sha256 === sha256) || (sha1 && c.sha1 === sha1)));
  if (!cert) {
    throw new AadError(401, "invalid_client", 700027, `Client assertion failed signature validation. The key was not found: no certificate with thumbprint '${sha256 ?? sha1 ?? "(none)"}' is registered for app '${app.appId}'.`);
  }
  if (!verifyJwtSignature(jwt, cert.publicKeyPem)) {
    throw new AadError(401, "invalid_client", 700027, "Client assertion failed signature validation.");
  }
}

function checkFederatedAssertion(app: FixtureApplication, jwt: DecodedJwt, nowMs: number): void {
  const { iss, sub } = jwt.payload;
  const credentials = app.federatedCredentials ?? [];
  const byIssuer = credentials.filter((c) => c.issuer === iss);
  if (byIssuer.length === 0) {
    throw new AadError(400, "invalid_client", 700211, `No matching federated identity record found for presented assertion issuer '${String(iss)}'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion.`);
  }
  const credential = byIssuer.find((c) => c.subject === sub);
  if (!credential) {
    throw new AadError(400, "invalid_client", 70021, `No matching federated identity record found for presented assertion. Assertion Issuer: '${String(iss)}'. Assertion Subject: '${String(sub)}'.`);
  }
  const audiences = toArray(jwt.payload.aud);
  if (!audiences.some((a) => credential.audiences.includes(a))) {
    throw new AadError(400, "invalid_client", 700212, `No matching federated identity record found for presented assertion audience '${audiences.join(", ")}'.`);
  }
  checkTimes(jwt, nowMs);
  if (credential.jwks) {
    const kid = jwt.header.kid;
    const keys = credential.jwks.filter((k) => kid === undefined || k.kid === undefined || k.kid === kid);
    const valid = keys.some((k) => {
      try {
        return verifyJwtSignature(jwt, createPublicKey({ key: k as JsonWebKey, format: "jwk" }));
      } catch {
        return false;
      }
    });
    if (!valid) throw new AadError(401, "invalid_client", 700027, "Client assertion failed signature validation.");
  }
}

function toArray(v: unknown): string[] {
  if (typeof v === "string") return [v];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}

function normaliseEndpoint(u: string): string {
  return (u.split("?")[0] ?? u).replace(/\/+$/, "").toLowerCase();
}

function parseCert(pem: string): { sha1: string; sha256: string; publicKeyPem: string } | undefined {
  try {
    const cert = new X509Certificate(pem);
    return {
      sha1: createHash("sha1").update(cert.raw).digest("base64url"),
      sha256: createHash("sha256").update(cert.raw).digest("base64url"),
      publicKeyPem: cert.publicKey.export({ type: "spki", format: "pem" }).toString(),
    };
  } catch {
    return undefined;
  }
}
