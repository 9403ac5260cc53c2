/**
 * Azure RBAC for the emulated ARM endpoints: the caller (or a group it is a transitive member of) must hold a
 * role assignment at or above the scope whose role grants the action (wildcards as in role definitions,
 * minus notActions). Otherwise 403 AuthorizationFailed with ARM's message (§13.6).
 */
import { ArmError, type Caller, type DirectoryService } from "../core/types";
import { findBuiltInRole } from "./role-catalogue";
import { isAtOrAbove } from "./scope";
import type { ArmState, RoleAssignment } from "./state";

function matches(pattern: string, action: string): boolean {
  const source = pattern
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${source}$`, "i").test(action);
}

export function roleGrants(roleDefinitionGuid: string, action: string): boolean {
  const role = findBuiltInRole(roleDefinitionGuid);
  return (role?.permissions ?? []).some((p) => p.actions.some((a) => matches(a, action)) && !p.notActions.some((n) => matches(n, action)));
}

/** Does the assignment's principal cover `objectId` (itself, or a group it belongs to)? */
export function appliesTo(assignment: RoleAssignment, objectId: string, directory: DirectoryService): boolean {
  if (assignment.principalId === objectId.toLowerCase()) return true;
  return assignment.principalType === "Group" && directory.isTransitiveMember(assignment.principalId, objectId);
}

export function isAuthorized(state: ArmState, directory: DirectoryService, objectId: string, action: string, scope: string): boolean {
  return state.roleAssignments.some((ra) => isAtOrAbove(ra.scope, scope) && appliesTo(ra, objectId, directory) && roleGrants(ra.roleDefinitionGuid, action));
}

export function requireAction(state: ArmState, directory: DirectoryService, caller: Caller, action: string, scope: string): void {
  if (isAuthorized(state, directory, caller.objectId, action, scope)) return;
  const upn = caller.claims.upn;
  const client = caller.kind === "app" ? caller.appId : typeof upn === "string" ? upn : caller.objectId;
  throw new ArmError(
    403,
    "AuthorizationFailed",
    `The client '${client}' with object id '${caller.objectId}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
    { "x-ms-failure-cause": "gateway" },
  );
}
