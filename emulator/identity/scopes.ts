/**
 * Scope strings → resource + permission names. Bare names mean Microsoft Graph, as in Entra. All
 * non-OIDC scopes of one request must belong to one resource.
 */
import { AadError, type FixtureApplication } from "../core/types";

export const graphResource = "https://graph.microsoft.com";
export const armResource = "https://management.azure.com/";
const graphAppId = "00000003-0000-0000-c000-000000000000";

export const oidcScopes = new Set(["openid", "profile", "offline_access", "email"]);

export interface Resource {
  /** Canonical resource id, used for permission lookups and `Caller.audience`. */
  id: typeof graphResource | typeof armResource;
  /** The `aud` claim of tokens for it (ARM keeps the form that was requested). */
  audience: string;
}

export function resolveResource(identifier: string): Resource | undefined {
  const key = identifier.toLowerCase().replace(/\/+$/, "");
  if (key === graphResource || key === graphAppId) return { id: graphResource, audience: graphResource };
  if (key === "https://management.azure.com") return { id: armResource, audience: armResource };
  if (key === "https://management.core.windows.net") return { id: armResource, audience: "https://management.core.windows.net/" };
  return undefined;
}

export interface ParsedScopes {
  resource: Resource;
  /** Short permission names requested for the resource (without OIDC scopes). */
  names: string[];
  isDefault: boolean;
  oidc: string[];
  /** The non-OIDC scopes exactly as the client wrote them (echoed in the token response). */
  asRequested: string[];
}

export function splitScopes(raw: string | null | undefined): string[] {
  return (raw ?? "").split(/\s+/).filter(Boolean);
}

export function parseScopes(raw: string | null | undefined): ParsedScopes {
  const tokens = splitScopes(raw);
  const oidc = tokens.filter((s) => oidcScopes.has(s.toLowerCase()));
  const rest = tokens.filter((s) => !oidcScopes.has(s.toLowerCase()));
  let resource: Resource | undefined;
  const names: string[] = [];
  let isDefault = false;
  for (const scope of rest) {
    const slash = scope.lastIndexOf("/");
    const prefix = slash > 0 ? scope.slice(0, slash) : graphResource;
    const name = slash > 0 ? scope.slice(slash + 1) : scope;
    const r = resolveResource(prefix);
    if (!r) {
      throw new AadError(400, "invalid_resource", 500011, `The resource principal named ${prefix} was not found in the tenant. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.`);
    }
    if (resource && resource.id !== r.id) {
      throw new AadError(400, "invalid_scope", 28000, `Provided value for the input parameter scope is not valid because it contains more than one resource. Scope ${raw ?? ""} is not valid.`);
    }
    resource ??= r;
    if (name === ".default") isDefault = true;
    else if (name) names.push(name);
  }
  return { resource: resource ?? { id: graphResource, audience: graphResource }, names, isDefault, oidc, asRequested: rest };
}

/** Permissions recorded on the app for a resource, tolerant of the key's form (trailing slash, alias). */
export function permissionsFor(record: Record<string, string[]>, resource: Resource): string[] {
  for (const [key, value] of Object.entries(record)) if (resolveResource(key)?.id === resource.id) return value;
  return [];
}

/**
 * Delegated permissions for a user token. Like Entra with admin-consented static permissions, the token
 * carries every consented scope of the resource, not only the requested ones. Requesting anything not
 * consented is `consent_required` (65001).
 */
export function grantedDelegatedScopes(app: FixtureApplication, parsed: ParsedScopes): string[] {
  const consented = permissionsFor(app.delegatedPermissions, parsed.resource);
  const lower = new Set(consented.map((s) => s.toLowerCase()));
  const missing = parsed.names.filter((n) => !lower.has(n.toLowerCase()));
  if (missing.length > 0) {
    throw new AadError(400, "invalid_grant", 65001, `The user or administrator has not consented to use the application with ID '${app.appId}' named '${app.displayName}'. Send an interactive authorization request for this user and resource. Missing: ${missing.join(" ")}.`, { suberror: "consent_required" });
  }
  return consented.filter((s) => s.toLowerCase() !== "offline_access");
}

/** The `scope` value of a token response: requested scopes minus OIDC ones, in the client's own form. */
export function scopeEcho(parsed: ParsedScopes): string {
  if (parsed.asRequested.length > 0) return parsed.asRequested.join(" ");
  return parsed.oidc.filter((s) => s.toLowerCase() !== "offline_access").join(" ");
}

/** Client credentials: exactly one `<resource>/.default`. */
export function parseClientCredentialsScope(raw: string | null | undefined): Resource {
  const tokens = splitScopes(raw);
  if (tokens.length !== 1) {
    throw new AadError(400, "invalid_scope", 70011, `The provided request must include a 'scope' input parameter with exactly one '<resource>/.default' value. Provided: '${raw ?? ""}'.`);
  }
  const scope = tokens[0] ?? "";
  if (!scope.endsWith("/.default")) {
    throw new AadError(400, "invalid_scope", 1002012, `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`);
  }
  const resource = resolveResource(scope.slice(0, -"/.default".length));
  if (!resource) {
    throw new AadError(400, "invalid_resource", 500011, `The resource principal named ${scope.slice(0, -"/.default".length)} was not found in the tenant.`);
  }
  return resource;
}
