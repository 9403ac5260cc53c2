/**
 * Who may administer a group's PIM state (entra-graph-api.md §4.10 #2, §8.1): its owners, or holders of a
 * directory role. Role-assignable groups are protected: only Privileged Role Administrator (and Global
 * Administrator) count there. Roles come from the fixture's `directoryRoles` and the token's `wids`.
 */
import type { Caller, DirectoryGroup } from "../core/types";

export const directoryRoleIds = {
  globalAdministrator: "62e90394-69f5-4237-9190-012177145e10",
  privilegedRoleAdministrator: "e8611ab8-c189-46e8-94e1-60213ab1f814",
  groupsAdministrator: "fdd7a751-b60b-444a-984c-02652fe8fa1c",
  directoryWriters: "9360feb5-f418-4baa-8175-e2a00bac4301",
  identityGovernanceAdministrator: "45d8d3c5-c802-45c6-b32a-1d70b5e1e86e",
  userAdministrator: "fe930be7-5e62-47db-91af-98c3a49a38b1",
  globalReader: "f2ef992c-3afb-46b9-b7cf-a126ee74c451",
} as const;

const protectedGroupWriters = [directoryRoleIds.globalAdministrator, directoryRoleIds.privilegedRoleAdministrator];
const groupWriters = [
  ...protectedGroupWriters,
  directoryRoleIds.groupsAdministrator,
  directoryRoleIds.directoryWriters,
  directoryRoleIds.identityGovernanceAdministrator,
  directoryRoleIds.userAdministrator,
];

/** Directory role template ids the caller holds. */
export function callerRoles(caller: Caller, directoryRoles: Record<string, string[]>): Set<string> {
  const roles = new Set<string>();
  const wids = caller.claims.wids;
  if (Array.isArray(wids)) for (const w of wids) if (typeof w === "string") roles.add(w.toLowerCase());
  for (const [roleId, members] of Object.entries(directoryRoles)) {
    if (members.some((m) => m.toLowerCase() === caller.objectId.toLowerCase())) roles.add(roleId.toLowerCase());
  }
  return roles;
}

function holdsAny(roles: Set<string>, wanted: readonly string[]): boolean {
  return wanted.some((r) => roles.has(r));
}

export function isOwner(group: DirectoryGroup, objectId: string): boolean {
  return group.owners.some((o) => o.toLowerCase() === objectId.toLowerCase());
}

/** May the caller change the group's PIM state (admin* actions, policy updates)? */
export function canAdministerGroup(caller: Caller, group: DirectoryGroup, directoryRoles: Record<string, string[]>, requireRoleForApps: boolean): boolean {
  const roles = callerRoles(caller, directoryRoles);
  if (caller.kind === "app") {
    // The application permission alone suffices, unless the UNVERIFIED stricter reading is switched on (§8.1).
    return !(requireRoleForApps && group.isAssignableToRole) || holdsAny(roles, protectedGroupWriters);
  }
  if (isOwner(group, caller.objectId)) return true;
  return holdsAny(roles, group.isAssignableToRole ? protectedGroupWriters : groupWriters);
}

/** May a delegated caller read the group's PIM state (schedules of others, policies)? */
export function canReadGroupAsAdmin(caller: Caller, group: DirectoryGroup, directoryRoles: Record<string, string[]>): boolean {
  if (caller.kind === "app") return true;
  if (isOwner(group, caller.objectId)) return true;
  return holdsAny(callerRoles(caller, directoryRoles), [...groupWriters, directoryRoleIds.globalReader]);
}
