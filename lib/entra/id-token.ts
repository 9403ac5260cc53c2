import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from "jose";
import { safeEqual } from "@/lib/crypto";
import { loadEnv, type Env } from "@/lib/env";
import { getOpenIdConfiguration } from "./discovery";
import { authorityFor } from "./msal";

/**
 * MSAL Node decodes the ID token but never checks its signature, issuer, audience or lifetime
 * (entra-graph-api.md §10.2 #7). The session is built on these claims, so we verify them ourselves.
 */
export interface IdTokenIdentity {
  /** Entra object id: the only key used for authorization. */
  oid: string;
  tid: string;
  /** preferred_username: display only (mutable). */
  upn: string;
  name: string;
  email: string | null;
  claims: JWTPayload;
}

export type IdTokenProblem = "malformed" | "signature" | "issuer" | "audience" | "expired" | "not_yet_valid" | "tenant" | "nonce" | "claims";

export class IdTokenError extends Error {
  constructor(
    readonly problem: IdTokenProblem,
    message: string,
  ) {
    super(`ID token rejected (${problem}): ${message}`);
    this.name = "IdTokenError";
  }
}

/** Clock skew we tolerate between us and Entra, in seconds. */
const LEEWAY_SECONDS = 120;

const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();
function keySet(jwksUri: string) {
  let set = keySets.get(jwksUri);
  if (!set) {
    // jose caches the keys and refetches (rate-limited) when a token names an unknown `kid` after key rotation.
    set = createRemoteJWKSet(new URL(jwksUri), { timeoutDuration: 10_000 });
    keySets.set(jwksUri, set);
  }
  return set;
}

function problemOf(e: unknown): IdTokenError {
  if (e instanceof IdTokenError) return e;
  if (e instanceof errors.JWTExpired) return new IdTokenError("expired", e.message);
  if (e instanceof errors.JWTClaimValidationFailed) {
    const byClaim: Record<string, IdTokenProblem> = { iss: "issuer", aud: "audience", nbf: "not_yet_valid", iat: "not_yet_valid" };
    return new IdTokenError(byClaim[e.claim] ?? "claims", e.message);
  }
  if (
    e instanceof errors.JWSSignatureVerificationFailed ||
    e instanceof errors.JWKSNoMatchingKey ||
    e instanceof errors.JOSEAlgNotAllowed
  ) {
    return new IdTokenError("signature", e.message);
  }
  // Trouble fetching the key set is not a verdict on the token: let it surface as an upstream failure.
  if (e instanceof errors.JWKSTimeout || e instanceof errors.JWKSInvalid) throw e;
  if (e instanceof errors.JOSEError) return new IdTokenError("malformed", e.message);
  throw e;
}

function stringClaim(payload: JWTPayload, name: string): string | undefined {
  const v = payload[name];
  return typeof v === "string" && v ? v : undefined;
}

export async function verifyIdToken(
  idToken: string,
  expected: { nonce: string },
  env: Pick<Env, "AZURE_AUTHORITY_HOST" | "AZURE_TENANT_ID" | "AZURE_CLIENT_ID"> = loadEnv(),
): Promise<IdTokenIdentity> {
  const { issuer, jwks_uri } = await getOpenIdConfiguration(authorityFor(env));
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(idToken, keySet(jwks_uri), {
      algorithms: ["RS256"],
      issuer,
      audience: env.AZURE_CLIENT_ID,
      clockTolerance: LEEWAY_SECONDS,
      requiredClaims: ["exp", "iat", "tid", "oid"],
    }));
  } catch (e) {
    throw problemOf(e);
  }
  const tid = stringClaim(payload, "tid");
  if (tid?.toLowerCase() !== env.AZURE_TENANT_ID.toLowerCase()) {
    throw new IdTokenError("tenant", `tid ${String(tid)} is not the configured tenant`);
  }
  const nonce = stringClaim(payload, "nonce");
  if (!nonce || !safeEqual(nonce, expected.nonce)) throw new IdTokenError("nonce", "nonce does not match the sign-in request");
  const oid = stringClaim(payload, "oid");
  const upn = stringClaim(payload, "preferred_username") ?? stringClaim(payload, "upn") ?? stringClaim(payload, "email");
  if (!oid || !upn) throw new IdTokenError("claims", "oid or preferred_username is missing");
  return {
    oid,
    tid,
    upn,
    name: stringClaim(payload, "name") ?? upn,
    email: stringClaim(payload, "email") ?? null,
    claims: payload,
  };
}
