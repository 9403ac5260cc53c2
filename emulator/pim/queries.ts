/** Read-only lookups over the PIM slice used by validation, routes and the UI summary. */
import type { DirectoryService } from "../core/types";
import type { AccessId, PimState, Schedule, ScheduleRequest } from "./model";
import { sameId } from "./graph-time";
import { isPending } from "./status-machine";

export function isInEffect(schedule: Schedule, nowMs: number): boolean {
  return Date.parse(schedule.startDateTime) <= nowMs && (schedule.endDateTime === null || Date.parse(schedule.endDateTime) > nowMs);
}

function isNotOver(schedule: Schedule, nowMs: number): boolean {
  return schedule.endDateTime === null || Date.parse(schedule.endDateTime) > nowMs;
}

export function assignmentsOf(state: PimState, groupId: string, accessId: AccessId): Schedule[] {
  return state.schedules.filter((s) => s.family === "assignment" && sameId(s.groupId, groupId) && s.accessId === accessId);
}

/** The principal's assignment for (group, accessId) that is active now or starts later. */
export function currentAssignment(state: PimState, groupId: string, principalId: string, accessId: AccessId, nowMs: number): Schedule | undefined {
  return assignmentsOf(state, groupId, accessId).find((s) => sameId(s.principalId, principalId) && isNotOver(s, nowMs));
}

export function pendingRequestFor(state: PimState, groupId: string, principalId: string, accessId: AccessId): ScheduleRequest | undefined {
  return state.requests.find(
    (r) => r.family === "assignment" && isPending(r.status) && sameId(r.groupId, groupId) && sameId(r.principalId, principalId) && r.accessId === accessId,
  );
}

/**
 * The eligibility that lets `userId` activate (group, accessId) now: a direct one first, else one held by a
 * group the user is a transitive member of (nested PIM, memberType "Group").
 */
export function eligibilityFor(
  state: PimState,
  directory: DirectoryService,
  groupId: string,
  userId: string,
  accessId: AccessId,
  nowMs: number,
): Schedule | undefined {
  const candidates = state.schedules.filter(
    (s) => s.family === "eligibility" && sameId(s.groupId, groupId) && s.accessId === accessId && isInEffect(s, nowMs),
  );
  return (
    candidates.find((s) => sameId(s.principalId, userId)) ??
    candidates.find((s) => directory.getGroup(s.principalId) !== undefined && directory.isTransitiveMember(s.principalId, userId))
  );
}

export function findRequest(state: PimState, family: ScheduleRequest["family"], id: string): ScheduleRequest | undefined {
  return state.requests.find((r) => r.family === family && sameId(r.id, id));
}

export function findSchedule(state: PimState, id: string | null): Schedule | undefined {
  return id === null ? undefined : state.schedules.find((s) => sameId(s.id, id));
}
