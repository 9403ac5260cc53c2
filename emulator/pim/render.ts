/**
 * Wire shapes of the PIM resources (entra-graph-api.md §3.5). Internal bookkeeping (family, membership flags)
 * never leaves the emulator; `memberType`/`assignmentType` follow the `enumCasing` option.
 */
import type { EmulatorOptions } from "../core/types";
import type { Schedule, ScheduleRequest } from "./model";
import { isInEffect } from "./queries";

export type Casing = EmulatorOptions["enumCasing"];

function cased(value: string | null, casing: Casing): string | null {
  return value === null || casing === "Pascal" ? value : value.toLowerCase();
}

export function renderRequest(r: ScheduleRequest): Record<string, unknown> {
  return {
    id: r.id,
    status: r.status,
    createdDateTime: r.createdDateTime,
    completedDateTime: r.completedDateTime,
    approvalId: r.approvalId,
    customData: r.customData,
    createdBy: r.createdBy,
    action: r.action,
    isValidationOnly: r.isValidationOnly,
    justification: r.justification,
    scheduleInfo: r.scheduleInfo,
    ticketInfo: r.ticketInfo,
    principalId: r.principalId,
    accessId: r.accessId,
    groupId: r.groupId,
    targetScheduleId: r.targetScheduleId,
  };
}

export function renderSchedule(s: Schedule, casing: Casing, nowMs: number): Record<string, unknown> {
  return {
    id: s.id,
    scheduleInfo: { startDateTime: s.startDateTime, recurrence: null, expiration: s.expiration },
    createdUsing: s.createdUsing,
    createdDateTime: s.createdDateTime,
    modifiedDateTime: s.modifiedDateTime,
    // A schedule that has not started yet is reported as granted, like the request that created it.
    status: isInEffect(s, nowMs) ? "Provisioned" : "Granted",
    principalId: s.principalId,
    accessId: s.accessId,
    groupId: s.groupId,
    memberType: cased(s.memberType, casing),
    ...(s.family === "assignment" ? { assignmentType: cased(s.assignmentType, casing) } : {}),
  };
}

export function renderInstance(s: Schedule, casing: Casing): Record<string, unknown> {
  const common = {
    id: s.instanceId,
    principalId: s.principalId,
    accessId: s.accessId,
    groupId: s.groupId,
    startDateTime: s.startDateTime,
    endDateTime: s.endDateTime,
    memberType: cased(s.memberType, casing),
  };
  return s.family === "assignment"
    ? { ...common, assignmentType: cased(s.assignmentType, casing), assignmentScheduleId: s.id }
    : { ...common, eligibilityScheduleId: s.id };
}
