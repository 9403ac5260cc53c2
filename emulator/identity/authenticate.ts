/**
 * Bearer-token verification for Graph and ARM (`Ctx.caller()`): signature with the emulator key,
 * issuer/tenant, `exp`/`nbf` against the emulated clock, audience per service. Failures are 401s in
 * the service's own dialect, with a `WWW-Authenticate` challenge.
 */
import { decodeJwt, verifyJwtSignature } from "../core/jwt";
import { ArmError, GraphError, type Caller, type Ctx, type Service } from "../core/types";
import { armResource, graphResource, resolveResource } from "./scopes";
import type { SigningKey } from "./signing-key";
import { v1Issuer } from "./tokens";

type Failure = "empty" | "invalid" | "expired" | "audience";

const graphMessages: Record<Failure, string> = {
  empty: "Access token is empty.",
  invalid: "Access token validation failure. Invalid signature or malformed token.",
  expired: "Access token has expired or is not yet valid.",
  audience: "Access token validation failure. Invalid audience.",
};

const armMessages: Record<Failure, string> = {
  empty: "The access token is missing. Send a bearer token in the Authorization header.",
  invalid: "The access token is invalid.",
  expired: "The access token expiry UTC time is earlier than current UTC time.",
  audience: "The access token has an invalid audience for Azure Resource Manager.",
};

export function createAuthenticator(key: SigningKey) {
  return function authenticate(ctx: Ctx, service: Service): Caller {
    const tenantId = ctx.services.tenantId;
    if (service !== "graph" && service !== "arm") throw new Error(`caller() is not available for ${service} routes`);
    const fail = (failure: Failure): never => {
      const challenge = `Bearer realm="", authorization_uri="${ctx.baseUrl}/${tenantId}/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"`;
      if (service === "graph") throw new GraphError(401, "InvalidAuthenticationToken", graphMessages[failure], { "WWW-Authenticate": challenge });
      const armChallenge = `Bearer authorization_uri="${ctx.baseUrl}/${tenantId}", error="invalid_token", error_description="${armMessages[failure]}"`;
      throw new ArmError(401, failure === "expired" ? "ExpiredAuthenticationToken" : "InvalidAuthenticationToken", armMessages[failure], { "WWW-Authenticate": armChallenge });
    };

    const raw = ctx.req.headers.authorization ?? "";
    const match = /^Bearer\s+(\S+)\s*$/i.exec(raw);
    if (!match?.[1]) return fail("empty");
    const jwt = decodeJwt(match[1]);
    if (!jwt || jwt.header.kid !== key.kid || !verifyJwtSignature(jwt, key.publicKey, ["RS256"])) return fail("invalid");
    const c = jwt.payload;
    if (c.iss !== v1Issuer(tenantId) || c.tid !== tenantId || c.ver !== "1.0") return fail("invalid");
    const nowSec = Math.floor(ctx.services.clock.nowMs() / 1000);
    if (typeof c.exp !== "number" || typeof c.nbf !== "number" || nowSec >= c.exp || nowSec < c.nbf) return fail("expired");
    const resource = typeof c.aud === "string" ? resolveResource(c.aud) : undefined;
    const expected = service === "graph" ? graphResource : armResource;
    if (!resource || resource.id !== expected) return fail("audience");

    const isApp = c.idtyp === "app";
    const permissions = isApp ? (Array.isArray(c.roles) ? c.roles.map(String) : []) : typeof c.scp === "string" ? c.scp.split(" ").filter(Boolean) : [];
    return {
      kind: isApp ? "app" : "user",
      objectId: typeof c.oid === "string" ? c.oid : "",
      appId: typeof c.appid === "string" ? c.appid : "",
      permissions: new Set(permissions),
      amr: Array.isArray(c.amr) ? c.amr.map(String) : [],
      acrs: Array.isArray(c.acrs) ? c.acrs.map(String) : [],
      audience: expected,
      claims: Object.freeze({ ...c }),
    };
  };
}
