/**
 * Pure queries over the directory slice: lookups and (transitive) membership. Nested groups may form cycles
 * in a hand-edited fixture, so every walk keeps a visited set.
 */
import type { DirectoryGroup, DirectoryUser } from "../core/types";
import type { DirectoryServicePrincipal, DirectoryState } from "./state";

export type DirectoryObject =
  | { kind: "user"; user: DirectoryUser }
  | { kind: "group"; group: DirectoryGroup }
  | { kind: "servicePrincipal"; servicePrincipal: DirectoryServicePrincipal }
  | { kind: "unknown"; id: string };

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** By object id or userPrincipalName, case-insensitively. */
export function findUser(state: DirectoryState, idOrUpn: string): DirectoryUser | undefined {
  return state.users.find((u) => same(u.id, idOrUpn) || same(u.userPrincipalName, idOrUpn));
}

export function findGroup(state: DirectoryState, id: string): DirectoryGroup | undefined {
  return state.groups.find((g) => same(g.id, id));
}

/** Resolves any object id; ids that match nothing stay visible as "unknown" rather than disappearing. */
export function findObject(state: DirectoryState, id: string): DirectoryObject {
  const user = state.users.find((u) => same(u.id, id));
  if (user) return { kind: "user", user };
  const group = findGroup(state, id);
  if (group) return { kind: "group", group };
  const servicePrincipal = state.servicePrincipals.find((s) => same(s.id, id));
  if (servicePrincipal) return { kind: "servicePrincipal", servicePrincipal };
  return { kind: "unknown", id };
}

/** Ids of every direct and nested member, breadth first (direct members first), each once. */
export function transitiveMemberIds(state: DirectoryState, groupId: string): string[] {
  const root = findGroup(state, groupId);
  if (!root) return [];
  const seen = new Set<string>([root.id.toLowerCase()]);
  const out: string[] = [];
  const queue: DirectoryGroup[] = [root];
  for (let group = queue.shift(); group; group = queue.shift()) {
    for (const member of group.members) {
      if (seen.has(member.toLowerCase())) continue;
      seen.add(member.toLowerCase());
      out.push(member);
      const nested = findGroup(state, member);
      if (nested) queue.push(nested);
    }
  }
  return out;
}

/** Groups that contain `objectId` directly, or (transitive) through any chain of nested groups. */
export function groupsContaining(state: DirectoryState, objectId: string, transitive: boolean): DirectoryGroup[] {
  const direct = state.groups.filter((g) => g.members.some((m) => same(m, objectId)));
  if (!transitive) return direct;
  const found = new Map(direct.map((g) => [g.id.toLowerCase(), g]));
  const queue = [...direct];
  for (let group = queue.shift(); group; group = queue.shift()) {
    for (const parent of state.groups) {
      if (found.has(parent.id.toLowerCase()) || !parent.members.some((m) => same(m, group.id))) continue;
      found.set(parent.id.toLowerCase(), parent);
      queue.push(parent);
    }
  }
  // Keep fixture order so responses are stable.
  return state.groups.filter((g) => found.has(g.id.toLowerCase()));
}

/** Directory role template ids held by `objectId` directly or through a (role-assignable) group. */
export function rolesOf(state: DirectoryState, objectId: string, transitive: boolean): string[] {
  const holders = new Set([objectId.toLowerCase(), ...(transitive ? groupsContaining(state, objectId, true).map((g) => g.id.toLowerCase()) : [])]);
  return Object.entries(state.directoryRoles)
    .filter(([, members]) => members.some((m) => holders.has(m.toLowerCase())))
    .map(([role]) => role);
}
