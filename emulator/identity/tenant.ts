import { AadError, type Ctx } from "../core/types";
import { identitySlice } from "./state";

/** The `{tenant}` path segment may be the tenant GUID or its default domain, as with Entra. */
export function isOurTenant(ctx: Ctx): boolean {
  const given = (ctx.params.tenant ?? "").toLowerCase();
  const { tenant } = identitySlice(ctx.services);
  return given === tenant.id.toLowerCase() || given === tenant.defaultDomain.toLowerCase();
}

export function requireTenant(ctx: Ctx): void {
  if (!isOurTenant(ctx)) {
    throw new AadError(400, "invalid_request", 90002, `Tenant '${ctx.params.tenant ?? ""}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`);
  }
}

/** The token endpoint URLs a certificate assertion may name as `aud` (GUID and domain forms, v1 and v2). */
export function tokenEndpointsFor(ctx: Ctx): string[] {
  const { tenant } = identitySlice(ctx.services);
  return [tenant.id, tenant.defaultDomain].flatMap((t) => [`${ctx.baseUrl}/${t}/oauth2/v2.0/token`, `${ctx.baseUrl}/${t}/oauth2/token`]);
}
