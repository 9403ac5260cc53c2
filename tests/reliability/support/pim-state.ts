/**
 * Reading PIM's side from the emulator's state dump (`GET /_emulator/state`): the schedule requests, schedules
 * and approvals exactly as the emulated PIM holds them — the ground truth the app's rows are compared with.
 */
import type { Approval, Schedule, ScheduleRequest } from "@/emulator/pim/model";

export type EmulatedPimRequest = ScheduleRequest;

interface PimSlice {
  requests: ScheduleRequest[];
  schedules: Schedule[];
  approvals: Approval[];
}

function slice(state: Record<string, unknown>): PimSlice {
  const pim = (state.slices as Record<string, unknown> | undefined)?.pim as PimSlice | undefined;
  if (!pim) throw new Error("the emulator state has no pim slice");
  return pim;
}

export function pimRequestsIn(state: Record<string, unknown>): ScheduleRequest[] {
  return slice(state).requests.filter((r) => r.family === "assignment");
}

export function pimSchedulesIn(state: Record<string, unknown>): Schedule[] {
  return slice(state).schedules.filter((s) => s.family === "assignment");
}

export function pimApprovalsIn(state: Record<string, unknown>): Approval[] {
  return slice(state).approvals;
}

/** The emulated time of the dump. */
export function nowIn(state: Record<string, unknown>): number {
  return Date.parse(String(state.now));
}
