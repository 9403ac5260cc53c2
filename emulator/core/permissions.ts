/**
 * Permission checks for emulated Graph endpoints (entra-graph-api.md §8). A route states which delegated
 * scopes and which application roles are accepted; holding ANY of them (directly or through a broader
 * permission that implies it) passes. An empty list means that token kind cannot call the endpoint at all
 * (PIM approvals are delegated-only, so app tokens get 403).
 *
 *   requirePermission(ctx.caller(), { delegated: ["User.ReadBasic.All"], application: ["User.ReadBasic.All"], style: "directory" });
 *
 * For "all of" requirements (checkMemberGroups needs a user-read AND a group-read permission) call it twice.
 */
import { GraphError, type Caller } from "./types";

export interface PermissionRequirement {
  /** Delegated scopes (`scp`) that are accepted; empty = not callable with a user token. */
  delegated: readonly string[];
  /** Application roles (`roles`) that are accepted; empty = not callable with an app token. */
  application: readonly string[];
  /** Error shape on failure: directory 403 `Authorization_RequestDenied`, or PIM's double-wrapped 403. */
  style: "directory" | "pim";
}

/**
 * Broader permission → the narrower ones it directly satisfies. Order matters only for the permission list in
 * PIM's error message, which names the required permission first and then its broader alternatives in this order
 * (matching the observed `…Schedule.Read…,…Schedule.ReadWrite…,PrivilegedAccess.Read…,PrivilegedAccess.ReadWrite…`).
 */
const implies: readonly (readonly [string, readonly string[]])[] = [
  ["User.Read", []],
  ["User.ReadWrite", ["User.Read"]],
  ["User.ReadBasic.All", ["User.Read"]],
  ["User.Read.All", ["User.ReadBasic.All"]],
  ["User.ReadWrite.All", ["User.Read.All", "User.ReadWrite", "User.RevokeSessions.All"]],
  ["GroupMember.ReadBasic.All", []],
  ["GroupMember.Read.All", ["GroupMember.ReadBasic.All"]],
  ["GroupMember.ReadWrite.All", ["GroupMember.Read.All"]],
  ["Group.Read.All", ["GroupMember.Read.All"]],
  ["Group.ReadWrite.All", ["Group.Read.All", "GroupMember.ReadWrite.All"]],
  ["Directory.Read.All", ["User.Read.All", "Group.Read.All"]],
  ["Directory.ReadWrite.All", ["Directory.Read.All", "User.ReadWrite.All", "Group.ReadWrite.All"]],
  ["PrivilegedEligibilitySchedule.Read.AzureADGroup", []],
  ["PrivilegedEligibilitySchedule.ReadWrite.AzureADGroup", ["PrivilegedEligibilitySchedule.Read.AzureADGroup", "PrivilegedEligibilitySchedule.Remove.AzureADGroup"]],
  ["PrivilegedAssignmentSchedule.Read.AzureADGroup", []],
  ["PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup", ["PrivilegedAssignmentSchedule.Read.AzureADGroup", "PrivilegedAssignmentSchedule.Remove.AzureADGroup"]],
  ["PrivilegedAccess.Read.AzureADGroup", ["PrivilegedEligibilitySchedule.Read.AzureADGroup", "PrivilegedAssignmentSchedule.Read.AzureADGroup"]],
  ["PrivilegedAccess.ReadWrite.AzureADGroup", ["PrivilegedAccess.Read.AzureADGroup", "PrivilegedEligibilitySchedule.ReadWrite.AzureADGroup", "PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup"]],
  ["RoleManagementPolicy.Read.AzureADGroup", []],
  ["RoleManagementPolicy.ReadWrite.AzureADGroup", ["RoleManagementPolicy.Read.AzureADGroup"]],
];

const order = new Map(implies.map(([name], index) => [name.toLowerCase(), index]));
const direct = new Map(implies.map(([name, lower]) => [name.toLowerCase(), lower.map((l) => l.toLowerCase())]));

/** Everything `permissions` grant, in lower case: themselves plus all narrower permissions they imply. */
export function effectivePermissions(permissions: Iterable<string>): Set<string> {
  const out = new Set<string>();
  const pending = [...permissions].map((p) => p.toLowerCase());
  while (pending.length > 0) {
    const next = pending.pop();
    if (next === undefined || out.has(next)) continue;
    out.add(next);
    pending.push(...(direct.get(next) ?? []));
  }
  return out;
}

/** True when the caller holds any of the permissions accepted for its token kind. */
export function hasPermission(caller: Caller, requirement: Omit<PermissionRequirement, "style">): boolean {
  const accepted = caller.kind === "app" ? requirement.application : requirement.delegated;
  const granted = effectivePermissions(caller.permissions);
  return accepted.some((p) => granted.has(p.toLowerCase()));
}

/** The accepted permissions plus every broader permission that implies one of them (for PIM's message). */
export function acceptingPermissions(accepted: readonly string[]): string[] {
  const wanted = new Set(accepted.map((p) => p.toLowerCase()));
  const broader = implies
    .map(([name]) => name)
    .filter((name) => !wanted.has(name.toLowerCase()) && accepted.some((p) => effectivePermissions([name]).has(p.toLowerCase())));
  const listed = [...accepted].sort((a, b) => (order.get(a.toLowerCase()) ?? 0) - (order.get(b.toLowerCase()) ?? 0));
  return [...listed, ...broader];
}

/**
 * Throws unless the caller holds any accepted permission: directory style → 403 `Authorization_RequestDenied`
 * "Insufficient privileges to complete the operation."; pim style → `GraphError.pimPermissionScopeNotGranted`
 * naming the accepted permissions and their broader alternatives.
 */
export function requirePermission(caller: Caller, requirement: PermissionRequirement): void {
  if (hasPermission(caller, requirement)) return;
  if (requirement.style === "pim") {
    const accepted = caller.kind === "app" && requirement.application.length > 0 ? requirement.application : requirement.delegated;
    throw GraphError.pimPermissionScopeNotGranted(acceptingPermissions(accepted));
  }
  throw new GraphError(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
}
