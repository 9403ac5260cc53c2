/**
 * Permissions for the policy endpoints (§6.1, §8.1): the RoleManagementPolicy scopes, and for delegated callers
 * also a relationship to the group — owner or an admin directory role (Global Reader suffices for reads).
 */
import { requirePermission } from "../core/permissions";
import { GraphError, type Caller, type Services } from "../core/types";
import { canAdministerGroup, canReadGroupAsAdmin } from "../pim/admin-roles";
import { POLICIES, type PoliciesState } from "./state";

export const READ_SCOPE = "RoleManagementPolicy.Read.AzureADGroup";
export const WRITE_SCOPE = "RoleManagementPolicy.ReadWrite.AzureADGroup";

function denied(): GraphError {
  return new GraphError(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
}

export function requirePolicyScope(caller: Caller, scope: string): void {
  requirePermission(caller, { delegated: [scope], application: [scope], style: "pim" });
}

export function requireGroupRead(services: Services, caller: Caller, groupId: string): void {
  const group = services.directory.getGroup(groupId);
  if (!group) return; // unknown group: the collection is simply empty
  if (!canReadGroupAsAdmin(caller, group, services.slice<PoliciesState>(POLICIES).directoryRoles)) throw denied();
}

export function requireGroupWrite(services: Services, caller: Caller, groupId: string): void {
  const group = services.directory.getGroup(groupId);
  const roles = services.slice<PoliciesState>(POLICIES).directoryRoles;
  if (!group || !canAdministerGroup(caller, group, roles, false)) throw denied();
}
