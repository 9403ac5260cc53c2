/**
 * `POST /{tenant}/oauth2/v2.0/token` (entra-graph-api.md §12.4–12.6): authorization_code (+PKCE),
 * refresh_token (rotated, revocable) and client_credentials, with secret / certificate / federated
 * client authentication.
 */
import { createHash } from "node:crypto";
import { AadError, type Ctx, type DirectoryUser, type FixtureApplication, type HttpResult } from "../core/types";
import { requestedAcrs } from "./claims-request";
import { authenticateClient, type AuthenticatedClient } from "./client-auth";
import { grantedDelegatedScopes, parseClientCredentialsScope, parseScopes, permissionsFor, scopeEcho, splitScopes } from "./scopes";
import type { SigningKey } from "./signing-key";
import { findApplication, holdsDirectoryRole, identitySlice, isRevoked, nextSeq, opaqueToken, refreshLifetimeMs, type IdentitySlice } from "./state";
import { requireTenant, tokenEndpointsFor } from "./tenant";
import { clientInfo, mintAppAccessToken, mintIdToken, mintUserAccessToken, v2Issuer } from "./tokens";

const noStore = { "Cache-Control": "no-store, no-cache", Pragma: "no-cache" };

export function createTokenEndpoint(key: SigningKey) {
  return async function token(ctx: Ctx): Promise<HttpResult> {
    requireTenant(ctx);
    const form = await ctx.form();
    const slice = identitySlice(ctx.services);
    const grantType = form.get("grant_type");
    if (!grantType) throw new AadError(400, "invalid_request", 900144, "The request body must contain the following parameter: 'grant_type'.");
    const client = authenticateClient({
      form,
      req: ctx.req,
      nowMs: ctx.services.clock.nowMs(),
      tokenEndpoints: tokenEndpointsFor(ctx),
      findApp: (id) => findApplication(slice, id),
    });
    switch (grantType) {
      case "authorization_code":
        return redeemCode(ctx, key, slice, client, form);
      case "refresh_token":
        return redeemRefreshToken(ctx, key, slice, client, form);
      case "client_credentials":
        return clientCredentials(ctx, key, client, form);
      default:
        throw new AadError(400, "unsupported_grant_type", 70003, `The app requested an unsupported grant type '${grantType}'.`);
    }
  };
}

function invalidGrant(aadsts: number, message: string, extra: Record<string, unknown> = {}): AadError {
  return new AadError(400, "invalid_grant", aadsts, message, extra);
}

function redeemCode(ctx: Ctx, key: SigningKey, slice: IdentitySlice, client: AuthenticatedClient, form: URLSearchParams): HttpResult {
  const code = form.get("code") ?? "";
  const grant = slice.codes[code];
  if (!grant || grant.clientId !== client.app.appId) throw invalidGrant(9002313, "Invalid request. The provided value for the 'code' parameter is not valid.");
  if (grant.redeemed) throw invalidGrant(54005, "OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.");
  // Burn the code on the first authenticated attempt, whatever happens next: no retrying a stolen code.
  grant.redeemed = true;
  ctx.services.changed();
  if (ctx.services.clock.nowMs() >= grant.expiresAtMs) {
    throw invalidGrant(70008, "The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.");
  }
  if (form.get("redirect_uri") !== grant.redirectUri) {
    throw invalidGrant(50011, `The redirect URI '${form.get("redirect_uri") ?? ""}' specified in the request does not match the redirect URI used to obtain the authorization code.`);
  }
  if (grant.codeChallenge !== null && !pkceMatches(grant.codeChallenge, grant.codeChallengeMethod, form.get("code_verifier"))) {
    throw invalidGrant(501481, "The Code_Verifier does not match the code_challenge supplied in the authorization request.");
  }
  const user = activeUser(ctx, grant.userId);
  return userTokens(ctx, key, slice, client, user, {
    scope: form.get("scope") ?? grant.scope,
    nonce: grant.nonce,
    amr: grant.amr,
    acrs: grant.acrs,
    sessionId: grant.sessionId,
  });
}

function pkceMatches(challenge: string, method: "S256" | "plain" | null, verifier: string | null): boolean {
  if (!verifier || !/^[A-Za-z0-9\-._~]{43,128}$/.test(verifier)) return false;
  const computed = method === "plain" ? verifier : createHash("sha256").update(verifier).digest("base64url");
  return computed === challenge;
}

function redeemRefreshToken(ctx: Ctx, key: SigningKey, slice: IdentitySlice, client: AuthenticatedClient, form: URLSearchParams): HttpResult {
  const token = form.get("refresh_token") ?? "";
  const grant = slice.refreshTokens[token];
  if (!grant || grant.clientId !== client.app.appId) throw invalidGrant(9002313, "Invalid request. Request is malformed or invalid: the refresh token is not valid.");
  if (ctx.services.clock.nowMs() >= grant.expiresAtMs) {
    throw invalidGrant(700082, "The refresh token has expired due to inactivity. The token was issued and was inactive for 90.00:00:00.");
  }
  if (isRevoked(slice, grant.userId, grant.seq)) {
    throw invalidGrant(50173, "The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password, or an administrator revoked their sign-in sessions.", { suberror: "bad_token" });
  }
  const missingAcrs = requestedAcrs(form.get("claims")).filter((c) => !grant.acrs.includes(c));
  if (missingAcrs.length > 0) {
    throw new AadError(400, "interaction_required", 50076, "Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access this resource.", {
      suberror: "basic_action",
      claims: form.get("claims"),
    });
  }
  const user = activeUser(ctx, grant.userId);
  // Rotation: the presented refresh token is spent and a new one is returned.
  delete slice.refreshTokens[token];
  return userTokens(ctx, key, slice, client, user, {
    scope: form.get("scope") ?? "",
    nonce: null,
    amr: grant.amr,
    acrs: grant.acrs,
    sessionId: grant.sessionId,
  });
}

function activeUser(ctx: Ctx, userId: string): DirectoryUser {
  const user = ctx.services.directory.getUser(userId);
  if (!user) throw invalidGrant(50034, "The user account does not exist in this directory.");
  if (!user.accountEnabled) throw invalidGrant(50057, "The user account is disabled.");
  return user;
}

interface UserGrant {
  scope: string;
  nonce: string | null;
  amr: string[];
  acrs: string[];
  sessionId: string;
}

function userTokens(ctx: Ctx, key: SigningKey, slice: IdentitySlice, client: AuthenticatedClient, user: DirectoryUser, grant: UserGrant): HttpResult {
  const parsed = parseScopes(grant.scope);
  const scopes = grantedDelegatedScopes(client.app, parsed);
  const lifetimeSec = ctx.services.options().accessTokenLifetimeSec;
  const nowMs = ctx.services.clock.nowMs();
  const nowSec = Math.floor(nowMs / 1000);
  const requested = new Set(splitScopes(grant.scope).map((s) => s.toLowerCase()));
  const accessToken = mintUserAccessToken({
    key,
    tenantId: ctx.services.tenantId,
    app: client.app,
    user,
    audience: parsed.resource.audience,
    scopes,
    amr: grant.amr,
    acrs: grant.acrs,
    wids: holdsDirectoryRole(slice, user.id),
    appidacr: client.appidacr,
    nowSec,
    lifetimeSec,
    sessionId: grant.sessionId,
  });
  const refreshToken = opaqueToken("1.AR");
  slice.refreshTokens[refreshToken] = {
    clientId: client.app.appId,
    userId: user.id,
    seq: nextSeq(slice),
    issuedAtMs: nowMs,
    expiresAtMs: nowMs + refreshLifetimeMs,
    amr: grant.amr,
    acrs: grant.acrs,
    sessionId: grant.sessionId,
  };
  ctx.services.changed();
  const idToken = requested.has("openid")
    ? mintIdToken({
        key,
        issuer: v2Issuer(ctx.baseUrl, ctx.services.tenantId),
        tenantId: ctx.services.tenantId,
        app: client.app,
        user,
        nonce: grant.nonce,
        includeEmail: requested.has("email"),
        nowSec,
        sessionId: grant.sessionId,
      })
    : undefined;
  const deliveredIdToken = idToken && ctx.services.options().tamperIdTokens ? tamperPayload(idToken) : idToken;
  return {
    status: 200,
    headers: noStore,
    json: {
      token_type: "Bearer",
      scope: scopeEcho(parsed),
      expires_in: lifetimeSec,
      ext_expires_in: lifetimeSec,
      access_token: accessToken,
      refresh_token: refreshToken,
      ...(deliveredIdToken ? { id_token: deliveredIdToken } : {}),
      client_info: clientInfo(user.id, ctx.services.tenantId),
    },
  };
}

function clientCredentials(ctx: Ctx, key: SigningKey, client: AuthenticatedClient, form: URLSearchParams): HttpResult {
  const resource = parseClientCredentialsScope(form.get("scope"));
  const lifetimeSec = ctx.services.options().accessTokenLifetimeSec;
  const accessToken = mintAppAccessToken({
    key,
    tenantId: ctx.services.tenantId,
    app: client.app,
    audience: resource.audience,
    roles: appRoles(client.app, resource),
    appidacr: client.appidacr,
    nowSec: Math.floor(ctx.services.clock.nowMs() / 1000),
    lifetimeSec,
  });
  return { status: 200, headers: noStore, json: { token_type: "Bearer", expires_in: lifetimeSec, ext_expires_in: lifetimeSec, access_token: accessToken } };
}

function appRoles(app: FixtureApplication, resource: Parameters<typeof permissionsFor>[1]): string[] {
  return [...permissionsFor(app.applicationPermissions, resource)];
}

/**
 * Fault for tests (`PATCH /_emulator/options {"tamperIdTokens":true}`): the ID token's payload is altered after
 * signing — as a man in the middle would — so a relying party that checks signatures must refuse it.
 */
function tamperPayload(jwt: string): string {
  const [header, payload, signature] = jwt.split(".");
  const claims = JSON.parse(Buffer.from(payload ?? "", "base64url").toString("utf8")) as Record<string, unknown>;
  claims.name = `${String(claims.name)} (tampered)`;
  return [header, Buffer.from(JSON.stringify(claims)).toString("base64url"), signature].join(".");
}
