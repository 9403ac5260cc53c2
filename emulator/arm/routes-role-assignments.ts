/**
 * Azure role assignments at any scope (§13.2): list with the supported `$filter`s and nextLink paging, get,
 * create (PUT, 201; a second identical assignment is 409 RoleAssignmentExists) and delete.
 */
import { ArmError, type Ctx, type HttpResult, type Router } from "../core/types";
import { requireAuthorizationApiVersion } from "./api-version";
import { parseAssignmentFilter } from "./assignment-filter";
import { appliesTo, requireAction } from "./authorize";
import { pageOf } from "./paging";
import { roleAssignmentJson } from "./render";
import { findBuiltInRole } from "./role-catalogue";
import { isAtOrAbove, isBelow, normaliseScope, requireScopeExists } from "./scope";
import { ARM, type ArmState, type RoleAssignment } from "./state";

const READ = "Microsoft.Authorization/roleAssignments/read";
const WRITE = "Microsoft.Authorization/roleAssignments/write";
const DELETE = "Microsoft.Authorization/roleAssignments/delete";
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function state(ctx: Ctx): ArmState {
  return ctx.services.slice<ArmState>(ARM);
}

/** Checks api-version and the caller's right to `action` at the scope named in the path. */
function authorize(ctx: Ctx, action: string): { scope: string; arm: ArmState } {
  requireAuthorizationApiVersion(ctx);
  const caller = ctx.caller();
  const scope = normaliseScope(ctx.params.scope ?? "/");
  const arm = state(ctx);
  requireAction(arm, ctx.services.directory, caller, action, scope);
  requireScopeExists(arm, scope);
  return { scope, arm };
}

function list(ctx: Ctx): HttpResult {
  const { scope, arm } = authorize(ctx, READ);
  const filter = parseAssignmentFilter(ctx.query.get("$filter"));
  const { directory } = ctx.services;
  const rows = arm.roleAssignments.filter((ra) => {
    const isInRange = isAtOrAbove(ra.scope, scope) || (!filter.isAtScope && isBelow(ra.scope, scope));
    if (!isInRange) return false;
    if (filter.principalId) return ra.principalId === filter.principalId;
    if (filter.assignedTo) return appliesTo(ra, filter.assignedTo, directory);
    return true;
  });
  return { status: 200, json: pageOf(ctx, rows.map(roleAssignmentJson), arm.pageSize) };
}

function findAssignment(arm: ArmState, scope: string, name: string): RoleAssignment | undefined {
  return arm.roleAssignments.find((ra) => ra.name === name.toLowerCase() && ra.scope.toLowerCase() === scope.toLowerCase());
}

function notFound(name: string): ArmError {
  return new ArmError(404, "RoleAssignmentNotFound", `The role assignment '${name}' is not found.`);
}

function principalTypeOf(ctx: Ctx, arm: ArmState, principalId: string): RoleAssignment["principalType"] | undefined {
  if (ctx.services.directory.getUser(principalId)) return "User";
  if (ctx.services.directory.getGroup(principalId)) return "Group";
  return arm.servicePrincipalIds.includes(principalId) ? "ServicePrincipal" : undefined;
}

async function create(ctx: Ctx): Promise<HttpResult> {
  const { scope, arm } = authorize(ctx, WRITE);
  const name = ctx.params.name ?? "";
  if (!GUID.test(name)) throw new ArmError(400, "InvalidRoleAssignmentId", `The role assignment ID '${name}' is not valid. The role assignment ID must be a GUID.`);
  const body = await ctx.json();
  const props = (body as { properties?: Record<string, unknown> } | null)?.properties;
  if (typeof props !== "object" || props === null) throw new ArmError(400, "InvalidRequestContent", "The request content must have a 'properties' object.");
  const { roleDefinitionId, principalId, principalType, description } = props;
  if (typeof roleDefinitionId !== "string" || typeof principalId !== "string") {
    throw new ArmError(400, "InvalidRequestContent", "The properties 'roleDefinitionId' and 'principalId' are required strings.");
  }
  const role = findBuiltInRole(roleDefinitionId);
  if (!role) throw new ArmError(400, "RoleDefinitionDoesNotExist", `The specified role definition with ID '${roleDefinitionId.split("/").pop() ?? ""}' does not exist.`);
  const pid = principalId.toLowerCase();
  const actualType = principalTypeOf(ctx, arm, pid);
  if (!actualType) throw new ArmError(400, "PrincipalNotFound", `Principal ${principalId.replace(/-/g, "")} does not exist in the directory ${arm.tenantId}.`);
  if (principalType !== undefined && principalType !== actualType) {
    throw new ArmError(400, "PrincipalTypeNotSupported", `The principal type '${JSON.stringify(principalType)}' does not match the principal '${principalId}' (${actualType}).`);
  }
  const duplicate = findAssignment(arm, scope, name) ?? arm.roleAssignments.find((ra) => ra.scope.toLowerCase() === scope.toLowerCase() && ra.principalId === pid && ra.roleDefinitionGuid === role.id);
  if (duplicate) throw new ArmError(409, "RoleAssignmentExists", `The role assignment already exists. The ID of the existing role assignment is ${duplicate.name}.`);
  const now = new Date(ctx.services.clock.nowMs()).toISOString().replace("Z", "0000Z");
  const assignment: RoleAssignment = {
    name: name.toLowerCase(),
    scope,
    roleDefinitionGuid: role.id,
    principalId: pid,
    principalType: actualType,
    description: typeof description === "string" ? description : null,
    createdOn: now,
    updatedOn: now,
    createdBy: ctx.caller().objectId,
    updatedBy: ctx.caller().objectId,
  };
  arm.roleAssignments.push(assignment);
  ctx.services.changed();
  return { status: 201, json: roleAssignmentJson(assignment) };
}

export function registerRoleAssignmentRoutes(router: Router): void {
  const collection = /^(?<scope>.*)\/providers\/Microsoft\.Authorization\/roleAssignments$/i;
  const item = /^(?<scope>.*)\/providers\/Microsoft\.Authorization\/roleAssignments\/(?<name>[^/]+)$/i;
  router.add("arm", "GET", collection, list);
  router.add("arm", "GET", item, (ctx) => {
    const { scope, arm } = authorize(ctx, READ);
    const found = findAssignment(arm, scope, ctx.params.name ?? "");
    if (!found) throw notFound(ctx.params.name ?? "");
    return { status: 200, json: roleAssignmentJson(found) };
  });
  router.add("arm", "PUT", item, create);
  router.add("arm", "DELETE", item, (ctx) => {
    const { scope, arm } = authorize(ctx, DELETE);
    const found = findAssignment(arm, scope, ctx.params.name ?? "");
    // ARM answers a delete of something already gone with 204, which keeps retries idempotent.
    if (!found) return { status: 204 };
    arm.roleAssignments = arm.roleAssignments.filter((ra) => ra !== found);
    ctx.services.changed();
    return { status: 200, json: roleAssignmentJson(found) };
  });
}
