/**
 * Who may read which PIM rows with a delegated token (§8.1 "Extra requirement"): members and owners of the
 * group, and directory-role holders, see the group's rows; everyone sees their own rows, requests they
 * created, and requests they are an approver of. App tokens see everything their permission covers.
 */
import { GraphError, type Caller, type Services } from "../core/types";
import { canReadGroupAsAdmin, callerRoles, directoryRoleIds } from "./admin-roles";
import { isApproverOfApproval } from "./approvals";
import { sameId } from "./graph-time";
import { PIM, type PimState } from "./model";
import type { Row } from "./rows";

export function insufficientPrivileges(): GraphError {
  return new GraphError(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
}

export function canReadGroupPim(services: Services, caller: Caller, groupId: string): boolean {
  if (caller.kind === "app") return true;
  const group = services.directory.getGroup(groupId);
  if (!group) return true; // nothing to see: the list is simply empty
  const state = services.slice<PimState>(PIM);
  return services.directory.isTransitiveMember(groupId, caller.objectId) || canReadGroupAsAdmin(caller, group, state.directoryRoles);
}

/** Listing by principal only: yourself, or a tenant-wide reader/administrator role. */
export function canReadPrincipalPim(services: Services, caller: Caller, principalId: string): boolean {
  if (caller.kind === "app" || sameId(caller.objectId, principalId)) return true;
  const roles = callerRoles(caller, services.slice<PimState>(PIM).directoryRoles);
  return Object.values(directoryRoleIds).some((r) => roles.has(r));
}

export function canSeeRow(services: Services, caller: Caller, row: Row): boolean {
  if (caller.kind === "app" || sameId(row.principalId, caller.objectId) || sameId(row.creatorId, caller.objectId)) return true;
  const approval = row.request?.approvalId ? services.slice<PimState>(PIM).approvals.find((a) => sameId(a.id, row.request?.approvalId)) : undefined;
  const dir = { directory: services.directory, isTransitive: services.options().approverGroupMembersTransitive };
  if (approval && isApproverOfApproval(approval, caller.objectId, dir)) return true;
  return canReadGroupPim(services, caller, row.groupId);
}
