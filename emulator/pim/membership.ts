/**
 * The side effect that makes PIM real: an active member assignment IS a group membership (§3.1). Memberships
 * are added when an assignment starts and removed when it ends, unless another assignment still holds them.
 * Owner access has no directory operation in the emulator's DirectoryService, so it changes PIM state only.
 */
import type { DirectoryService } from "../core/types";
import { sameId } from "./graph-time";
import type { PimState, Schedule } from "./model";
import { isInEffect } from "./queries";

/** Adds the membership of every member assignment that has started and was not applied yet. */
export function applyStartedAssignments(state: PimState, directory: DirectoryService, nowMs: number): boolean {
  let changed = false;
  for (const s of state.schedules) {
    if (s.family !== "assignment" || s.isMembershipApplied || !isInEffect(s, nowMs)) continue;
    // A group deleted from the directory meanwhile has no membership left to add.
    if (s.accessId === "member" && directory.getGroup(s.groupId)) directory.addMember(s.groupId, s.principalId);
    s.isMembershipApplied = true;
    changed = true;
  }
  return changed;
}

/** Removes a schedule from the state and, for member assignments, the membership it held. */
export function endSchedule(state: PimState, directory: DirectoryService, schedule: Schedule): void {
  state.schedules = state.schedules.filter((s) => s !== schedule);
  if (schedule.family !== "assignment" || schedule.accessId !== "member" || !schedule.isMembershipApplied) return;
  const isStillHeld = state.schedules.some(
    (s) => s.family === "assignment" && s.accessId === "member" && s.isMembershipApplied && sameId(s.groupId, schedule.groupId) && sameId(s.principalId, schedule.principalId),
  );
  if (!isStillHeld && directory.getGroup(schedule.groupId)) directory.removeMember(schedule.groupId, schedule.principalId);
}
