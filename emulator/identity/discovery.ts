/** OIDC discovery, JWKS and (optional) instance discovery (entra-graph-api.md §12.2, §12.7). */
import type { Ctx, HttpResult } from "../core/types";
import type { SigningKey } from "./signing-key";
import { identitySlice } from "./state";
import { requireTenant } from "./tenant";

const cacheable = { "Cache-Control": "max-age=86400, private" };

export function openIdConfiguration(ctx: Ctx): HttpResult {
  requireTenant(ctx);
  const tid = ctx.services.tenantId;
  const base = `${ctx.baseUrl}/${tid}`;
  return {
    status: 200,
    headers: cacheable,
    json: {
      token_endpoint: `${base}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
      jwks_uri: `${base}/discovery/v2.0/keys`,
      response_modes_supported: ["query", "fragment", "form_post"],
      subject_types_supported: ["pairwise"],
      id_token_signing_alg_values_supported: ["RS256"],
      response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
      scopes_supported: ["openid", "profile", "email", "offline_access"],
      issuer: `${base}/v2.0`,
      request_uri_parameter_supported: false,
      userinfo_endpoint: `${ctx.baseUrl}/oidc/userinfo`,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      claims_supported: ["sub", "iss", "cloud_instance_name", "cloud_instance_host_name", "cloud_graph_host_name", "msgraph_host", "aud", "exp", "iat", "auth_time", "acr", "nonce", "preferred_username", "name", "tid", "ver", "at_hash", "c_hash", "email"],
      kerberos_endpoint: `${base}/kerberos`,
      tenant_region_scope: "EU",
      cloud_instance_name: "microsoftonline.com",
      cloud_graph_host_name: "graph.windows.net",
      msgraph_host: "graph.microsoft.com",
      rbac_url: "https://pas.windows.net",
    },
  };
}

export function createJwks(key: SigningKey) {
  return function jwks(ctx: Ctx): HttpResult {
    requireTenant(ctx);
    const issuer = `${ctx.baseUrl}/${ctx.services.tenantId}/v2.0`;
    return { status: 200, headers: cacheable, json: { keys: [{ ...key.jwk, issuer }] } };
  };
}

export function instanceDiscovery(ctx: Ctx): HttpResult {
  const host = new URL(ctx.baseUrl).host;
  const tid = identitySlice(ctx.services).tenant.id;
  return {
    status: 200,
    json: {
      tenant_discovery_endpoint: `${ctx.baseUrl}/${tid}/v2.0/.well-known/openid-configuration`,
      "api-version": "1.1",
      metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
    },
  };
}
