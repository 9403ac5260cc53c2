/**
 * The tenant's OpenID configuration (`{authority}/v2.0/.well-known/openid-configuration`), fetched once per
 * process and kept for an hour. Two users:
 *  - id-token.ts needs `issuer` and `jwks_uri` to verify ID tokens (MSAL does not).
 *  - msal.ts hands the document to every per-request ConfidentialClientApplication as `authorityMetadata`, so a
 *    request that needs a user token does not first re-download the document (MSAL caches it per instance only).
 * Because MSAL skips its own issuer check for configured metadata, the same check is done here.
 */
export interface OpenIdConfiguration {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
  end_session_endpoint?: string;
  [key: string]: unknown;
}

const TTL_MS = 60 * 60 * 1000;
const cache = new Map<string, { at: number; doc: Promise<OpenIdConfiguration> }>();

export function openIdConfigurationUrl(authority: string): string {
  return `${authority.replace(/\/+$/, "")}/v2.0/.well-known/openid-configuration`;
}

export function getOpenIdConfiguration(authority: string): Promise<OpenIdConfiguration> {
  const hit = cache.get(authority);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.doc;
  const doc = fetchOpenIdConfiguration(authority);
  cache.set(authority, { at: Date.now(), doc });
  // A failed fetch must not be remembered: the next request tries again.
  doc.catch(() => {
    if (cache.get(authority)?.doc === doc) cache.delete(authority);
  });
  return doc;
}

async function fetchOpenIdConfiguration(authority: string): Promise<OpenIdConfiguration> {
  const url = openIdConfigurationUrl(authority);
  const res = await fetch(url, { headers: { accept: "application/json" }, signal: AbortSignal.timeout(10_000) });
  if (!res.ok) throw new Error(`OpenID configuration ${url} answered HTTP ${res.status}`);
  const doc = (await res.json()) as Partial<OpenIdConfiguration>;
  for (const field of ["issuer", "authorization_endpoint", "token_endpoint", "jwks_uri"] as const) {
    if (typeof doc[field] !== "string" || !doc[field]) throw new Error(`OpenID configuration ${url} has no ${field}`);
  }
  const config = doc as OpenIdConfiguration;
  // Tenant documents carry a concrete issuer; multi-tenant ones a `{tenantid}` placeholder we never accept.
  if (new URL(config.issuer).origin !== new URL(authority).origin || config.issuer.includes("{")) {
    throw new Error(`OpenID configuration ${url} names an unexpected issuer ${config.issuer}`);
  }
  return config;
}
