/**
 * Built-in role definitions at any scope (§13.3): get by GUID, list with `roleName eq '…'` or
 * `type eq 'BuiltInRole'|'CustomRole'`. Under a subscription the caller needs roleDefinitions/read there; the
 * tenant-root catalogue is public to any signed-in caller.
 */
import { ArmError, type Ctx, type Router } from "../core/types";
import { requireAuthorizationApiVersion } from "./api-version";
import { requireAction } from "./authorize";
import { roleDefinitionJson } from "./render";
import { builtInRoles, findBuiltInRole, type BuiltInRole } from "./role-catalogue";
import { normaliseScope, requireScopeExists } from "./scope";
import { ARM, type ArmState } from "./state";

const READ = "Microsoft.Authorization/roleDefinitions/read";

function authorize(ctx: Ctx): string {
  requireAuthorizationApiVersion(ctx);
  const caller = ctx.caller();
  const scope = normaliseScope(ctx.params.scope ?? "/");
  const arm = ctx.services.slice<ArmState>(ARM);
  if (scope !== "/") {
    requireAction(arm, ctx.services.directory, caller, READ, scope);
    requireScopeExists(arm, scope);
  }
  return scope;
}

function filterRoles(raw: string | null): BuiltInRole[] {
  const text = raw?.trim() ?? "";
  if (text === "") return [...builtInRoles];
  const byName = /^roleName\s+eq\s+'((?:[^']|'')*)'$/i.exec(text);
  if (byName) return builtInRoles.filter((r) => r.roleName.toLowerCase() === (byName[1] ?? "").replace(/''/g, "'").toLowerCase());
  const byType = /^type\s+eq\s+'(BuiltInRole|CustomRole)'$/i.exec(text);
  if (byType) return byType[1]?.toLowerCase() === "builtinrole" ? [...builtInRoles] : [];
  throw new ArmError(400, "UnsupportedQuery", `The filter '${text}' is not supported. Supported filters are 'roleName eq '{value}'' and 'type eq 'BuiltInRole|CustomRole''.`);
}

export function registerRoleDefinitionRoutes(router: Router): void {
  router.add("arm", "GET", /^(?<scope>.*)\/providers\/Microsoft\.Authorization\/roleDefinitions$/i, (ctx) => {
    const scope = authorize(ctx);
    const value = filterRoles(ctx.query.get("$filter")).map((r) => roleDefinitionJson(r, scope));
    return { status: 200, json: { value } };
  });
  router.add("arm", "GET", /^(?<scope>.*)\/providers\/Microsoft\.Authorization\/roleDefinitions\/(?<id>[^/]+)$/i, (ctx) => {
    const scope = authorize(ctx);
    const id = ctx.params.id ?? "";
    const role = findBuiltInRole(id);
    if (!role) throw new ArmError(404, "RoleDefinitionDoesNotExist", `The specified role definition with ID '${id}' does not exist.`);
    return { status: 200, json: roleDefinitionJson(role, scope) };
  });
}
