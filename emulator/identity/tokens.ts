/**
 * Minting ID tokens (v2, entra-graph-api.md §11.1) and access tokens (v1 format for Graph and ARM,
 * §11.2–11.4). All signed RS256 with the emulator key; header carries `kid` and `x5t` like Entra's.
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { b64url, signJwt } from "../core/jwt";
import type { DirectoryUser, FixtureApplication } from "../core/types";
import type { SigningKey } from "./signing-key";

export const idTokenLifetimeSec = 3600;

export function v1Issuer(tenantId: string): string {
  return `https://sts.windows.net/${tenantId}/`;
}

export function v2Issuer(baseUrl: string, tenantId: string): string {
  return `${baseUrl}/${tenantId}/v2.0`;
}

function header(key: SigningKey) {
  return { typ: "JWT", alg: "RS256", kid: key.kid, x5t: key.kid };
}

function opaque(): string {
  return randomBytes(18).toString("base64url");
}

/** Entra's `sub` is pairwise: stable per user and app, different across apps. */
export function pairwiseSubject(userId: string, appId: string): string {
  return createHash("sha256").update(`${userId}|${appId}`).digest("base64url").slice(0, 43);
}

export interface UserTokenInput {
  key: SigningKey;
  tenantId: string;
  app: FixtureApplication;
  user: DirectoryUser;
  audience: string;
  scopes: string[];
  amr: string[];
  acrs: string[];
  wids: string[];
  /** "1" secret, "2" certificate / assertion. */
  appidacr: "1" | "2";
  nowSec: number;
  lifetimeSec: number;
  sessionId: string;
}

export function mintUserAccessToken(i: UserTokenInput): string {
  return signJwt(header(i.key), i.key.privateKey, {
    aud: i.audience,
    iss: v1Issuer(i.tenantId),
    iat: i.nowSec,
    nbf: i.nowSec,
    exp: i.nowSec + i.lifetimeSec,
    acct: 0,
    acr: "1",
    ...(i.acrs.length > 0 ? { acrs: i.acrs } : {}),
    aio: opaque(),
    amr: i.amr,
    app_displayname: i.app.displayName,
    appid: i.app.appId,
    appidacr: i.appidacr,
    ...(i.user.surname ? { family_name: i.user.surname } : {}),
    ...(i.user.givenName ? { given_name: i.user.givenName } : {}),
    idtyp: "user",
    ipaddr: "127.0.0.1",
    name: i.user.displayName,
    oid: i.user.id,
    rh: opaque(),
    scp: i.scopes.join(" "),
    sid: i.sessionId,
    sub: pairwiseSubject(i.user.id, i.app.appId),
    tid: i.tenantId,
    unique_name: i.user.userPrincipalName,
    upn: i.user.userPrincipalName,
    uti: opaque(),
    ver: "1.0",
    ...(i.wids.length > 0 ? { wids: i.wids } : {}),
  });
}

export interface AppTokenInput {
  key: SigningKey;
  tenantId: string;
  app: FixtureApplication;
  audience: string;
  roles: string[];
  appidacr: "1" | "2";
  nowSec: number;
  lifetimeSec: number;
}

export function mintAppAccessToken(i: AppTokenInput): string {
  return signJwt(header(i.key), i.key.privateKey, {
    aud: i.audience,
    iss: v1Issuer(i.tenantId),
    iat: i.nowSec,
    nbf: i.nowSec,
    exp: i.nowSec + i.lifetimeSec,
    aio: opaque(),
    app_displayname: i.app.displayName,
    appid: i.app.appId,
    appidacr: i.appidacr,
    idp: v1Issuer(i.tenantId),
    idtyp: "app",
    oid: i.app.servicePrincipalId,
    rh: opaque(),
    ...(i.roles.length > 0 ? { roles: i.roles } : {}),
    sub: i.app.servicePrincipalId,
    tid: i.tenantId,
    uti: opaque(),
    ver: "1.0",
  });
}

export interface IdTokenInput {
  key: SigningKey;
  issuer: string;
  tenantId: string;
  app: FixtureApplication;
  user: DirectoryUser;
  nonce: string | null;
  includeEmail: boolean;
  nowSec: number;
  sessionId: string;
}

export function mintIdToken(i: IdTokenInput): string {
  return signJwt(header(i.key), i.key.privateKey, {
    aud: i.app.appId,
    iss: i.issuer,
    iat: i.nowSec,
    nbf: i.nowSec,
    exp: i.nowSec + idTokenLifetimeSec,
    aio: opaque(),
    ...(i.includeEmail && i.user.mail ? { email: i.user.mail } : {}),
    login_hint: b64url(JSON.stringify({ upn: i.user.userPrincipalName, tid: i.tenantId })),
    name: i.user.displayName,
    ...(i.nonce !== null ? { nonce: i.nonce } : {}),
    oid: i.user.id,
    preferred_username: i.user.userPrincipalName,
    rh: opaque(),
    sid: i.sessionId,
    sub: pairwiseSubject(i.user.id, i.app.appId),
    tid: i.tenantId,
    uti: opaque(),
    ver: "2.0",
  });
}

/** base64url(`{"uid":oid,"utid":tid}`): MSAL builds homeAccountId from it. */
export function clientInfo(userId: string, tenantId: string): string {
  return b64url(JSON.stringify({ uid: userId, utid: tenantId }));
}

export function newSessionId(): string {
  return randomUUID();
}
