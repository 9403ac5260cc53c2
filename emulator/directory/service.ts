/**
 * The DirectoryService the core hands to every module (PIM adds and removes members through it). It reads
 * the live slice on every call, so a state reset or reload is picked up without re-creating the service.
 */
import type { DirectoryService } from "../core/types";
import { findGroup, findUser, transitiveMemberIds } from "./graph";
import type { DirectoryState } from "./state";

export function createDirectoryService(getSlice: () => DirectoryState, changed: () => void): DirectoryService {
  const groupOrThrow = (groupId: string) => {
    const group = findGroup(getSlice(), groupId);
    // Modules only change membership of groups they found in the directory; anything else is an emulator bug.
    if (!group) throw new Error(`Directory: no group ${groupId}`);
    return group;
  };
  return {
    getUser: (idOrUpn) => findUser(getSlice(), idOrUpn),
    getGroup: (id) => findGroup(getSlice(), id),
    isTransitiveMember: (groupId, objectId) => transitiveMemberIds(getSlice(), groupId).some((m) => m.toLowerCase() === objectId.toLowerCase()),
    transitiveUserMembers: (groupId) => {
      const state = getSlice();
      return transitiveMemberIds(state, groupId).flatMap((id) => {
        const user = state.users.find((u) => u.id.toLowerCase() === id.toLowerCase());
        return user ? [user] : [];
      });
    },
    addMember: (groupId, objectId) => {
      const group = groupOrThrow(groupId);
      if (group.members.some((m) => m.toLowerCase() === objectId.toLowerCase())) return;
      group.members.push(objectId);
      changed();
    },
    removeMember: (groupId, objectId) => {
      const group = groupOrThrow(groupId);
      const remaining = group.members.filter((m) => m.toLowerCase() !== objectId.toLowerCase());
      if (remaining.length === group.members.length) return;
      group.members = remaining;
      changed();
    },
  };
}
