import { CryptoProvider, type AuthenticationResult } from "@azure/msal-node";
import { randomToken, safeEqual } from "@/lib/crypto";
import { db as defaultDb, type Db } from "@/lib/db/client";
import { loadEnv } from "@/lib/env";
import { entraFailureFromError, entraFailureFromQuery, type EntraFailure } from "@/lib/entra/aadsts";
import { IdTokenError, verifyIdToken, type IdTokenIdentity } from "@/lib/entra/id-token";
import { createUserClient, redirectUriFor } from "@/lib/entra/msal";
import { SIGN_IN_OIDC_SCOPES, SIGN_IN_SCOPES } from "@/lib/entra/scopes";
import { saveSerializedCache } from "@/lib/entra/token-cache";
import { log } from "@/lib/log";
import type { CookieJar } from "./cookies";
import { safeReturnTo } from "./return-to";
import { createSession, type SessionMeta } from "./session";
import { normalizeSignInErrorCode } from "./sign-in-error";
import { saveSignInState, takeSignInState } from "./sign-in-state";

/**
 * Sign-in with the authorization code flow + PKCE (entra-graph-api.md §10.3). The route handlers only translate
 * HTTP; the steps and their order live here.
 */

export class SignInFailure extends Error {
  readonly code: string;
  constructor(
    code: string,
    readonly correlationId?: string,
    options: { cause?: unknown } = {},
  ) {
    super(`sign-in failed: ${code}`, options);
    this.name = "SignInFailure";
    this.code = normalizeSignInErrorCode(code);
  }
}

function failureFromEntra(f: EntraFailure, cause?: unknown): SignInFailure {
  return new SignInFailure(f.aadsts ? `AADSTS${f.aadsts}` : f.error, f.correlationId, { cause });
}

const requestedScopes = (): string[] => [...SIGN_IN_SCOPES, ...SIGN_IN_OIDC_SCOPES];

/** MSAL codes (and our own discovery failure, which has none) that mean "could not talk to Entra". */
const unreachableCodes = new Set(["unknown_error", "network_error", "endpoints_resolution_error", "openid_config_error", "no_network_connectivity"]);

/** Step 1: remember PKCE verifier/state/nonce in the sealed cookie and return Entra's authorize URL. */
export async function beginSignIn(options: { returnTo?: string | null; jar?: CookieJar }): Promise<string> {
  const env = loadEnv();
  const { verifier, challenge } = await new CryptoProvider().generatePkceCodes();
  const state = randomToken(32);
  const nonce = randomToken(32);
  await saveSignInState({ verifier, state, nonce, returnTo: safeReturnTo(options.returnTo, env.APP_URL) }, options.jar);
  const cca = await createUserClient();
  return cca.getAuthCodeUrl({
    scopes: requestedScopes(),
    redirectUri: redirectUriFor(env.APP_URL),
    codeChallenge: challenge,
    codeChallengeMethod: "S256",
    responseMode: "query",
    state,
    nonce,
    prompt: "select_account",
  });
}

export interface CompletedSignIn {
  redirectTo: string;
  user: IdTokenIdentity;
  homeAccountId: string;
}

/**
 * Step 2, the callback: check state, redeem the code with the verifier, verify the ID token ourselves, record the
 * user, persist the account's token cache, and start a fresh session. Throws SignInFailure with a code for the
 * error page; the details go to the log.
 */
export async function completeSignIn(options: {
  query: URLSearchParams;
  meta: SessionMeta;
  jar?: CookieJar;
  db?: Db;
}): Promise<CompletedSignIn> {
  const env = loadEnv();
  const db = options.db ?? defaultDb;
  const { query } = options;
  const saved = await takeSignInState(options.jar);

  if (query.get("error")) throw failureFromEntra(entraFailureFromQuery(query));
  if (!saved) throw new SignInFailure("sign_in_expired");
  const code = query.get("code");
  const state = query.get("state");
  if (!code || !state) throw new SignInFailure("invalid_callback");
  if (!safeEqual(state, saved.state)) throw new SignInFailure("state_mismatch");

  let cca: Awaited<ReturnType<typeof createUserClient>>;
  let result: AuthenticationResult | null;
  try {
    // No cache plugin: nothing is persisted until the ID token has been verified below.
    cca = await createUserClient();
    result = await cca.acquireTokenByCode({
      code,
      scopes: requestedScopes(),
      redirectUri: redirectUriFor(env.APP_URL),
      codeVerifier: saved.verifier,
      nonce: saved.nonce,
    });
  } catch (e) {
    const f = entraFailureFromError(e);
    if (unreachableCodes.has(f.error)) throw new SignInFailure("entra_unreachable", undefined, { cause: e });
    throw failureFromEntra(f, e);
  }
  if (!result?.idToken || !result.account) throw new SignInFailure("invalid_callback");

  let identity: IdTokenIdentity;
  try {
    identity = await verifyIdToken(result.idToken, { nonce: saved.nonce });
  } catch (e) {
    if (e instanceof IdTokenError) throw new SignInFailure("id_token_invalid", result.correlationId, { cause: e });
    throw new SignInFailure("entra_unreachable", result.correlationId, { cause: e });
  }
  // The cache partition key must belong to the identity we just verified.
  const { account } = result;
  if (account.localAccountId !== identity.oid || account.tenantId.toLowerCase() !== identity.tid.toLowerCase()) {
    throw new SignInFailure("id_token_invalid", result.correlationId, {
      cause: new Error("token response account does not match the ID token"),
    });
  }

  const now = new Date();
  const profile = { tenantId: identity.tid, upn: identity.upn, displayName: identity.name, email: identity.email, lastSeenAt: now };
  await db.user.upsert({ where: { id: identity.oid }, create: { id: identity.oid, ...profile }, update: profile });
  await saveSerializedCache(account.homeAccountId, cca.getTokenCache().serialize(), db);
  await createSession({ id: identity.oid }, account.homeAccountId, options.meta, { db, jar: options.jar, now });
  log.info("user signed in", { userId: identity.oid, tenantId: identity.tid });
  return { redirectTo: safeReturnTo(saved.returnTo, env.APP_URL), user: identity, homeAccountId: account.homeAccountId };
}
