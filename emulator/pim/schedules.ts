/** Creating and changing schedules as requests are accepted, approved, updated or removed. */
import { randomUUID } from "node:crypto";
import { endOf } from "./evaluate-policy";
import { graphTime } from "./graph-time";
import type { Family, PimState, Schedule, ScheduleRequest } from "./model";

export function scheduleIdFor(groupId: string, accessId: string, guid: string): string {
  return `${groupId}_${accessId}_${guid}`;
}

/** Adds the schedule a request creates; `startMs` is when it takes effect (never before it was accepted). */
export function createSchedule(
  state: PimState,
  request: ScheduleRequest,
  input: { family: Family; startMs: number; nowMs: number },
): Schedule {
  const expiration = request.scheduleInfo.expiration;
  const endMs = endOf(input.startMs, expiration);
  const schedule: Schedule = {
    family: input.family,
    id: request.targetScheduleId ?? scheduleIdFor(request.groupId, request.accessId, request.id),
    instanceId: scheduleIdFor(request.groupId, request.accessId, randomUUID()),
    groupId: request.groupId,
    accessId: request.accessId,
    principalId: request.principalId,
    memberType: "Direct",
    assignmentType: input.family === "assignment" ? (request.action === "selfActivate" ? "Activated" : "Assigned") : null,
    startDateTime: graphTime(input.startMs),
    endDateTime: endMs === null ? null : graphTime(endMs),
    expiration: structuredClone(expiration),
    createdUsing: request.id,
    createdDateTime: graphTime(input.nowMs),
    modifiedDateTime: null,
    activatedUsing: request.activatedUsing,
    isMembershipApplied: false,
  };
  state.schedules.push(schedule);
  return schedule;
}

/** adminUpdate / adminExtend / adminRenew of an existing schedule: new end, same start. */
export function updateSchedule(schedule: Schedule, request: ScheduleRequest, nowMs: number): void {
  const expiration = request.scheduleInfo.expiration;
  const endMs = endOf(Date.parse(schedule.startDateTime), expiration);
  schedule.expiration = structuredClone(expiration);
  schedule.endDateTime = endMs === null ? null : graphTime(endMs);
  schedule.modifiedDateTime = graphTime(nowMs);
}
