/**
 * Time-based PIM transitions, run before every request and whenever the emulated clock moves:
 * approvals not decided within 24 h end (status per option, stages Expired); Granted requests whose start has
 * come become Provisioned; assignments whose start has come add their membership; schedules whose end has
 * passed disappear and take the membership with them.
 */
import type { DirectoryService, EmulatorOptions } from "../core/types";
import { graphTime, sameId } from "./graph-time";
import { applyStartedAssignments, endSchedule } from "./membership";
import type { PimState } from "./model";
import { findSchedule } from "./queries";
import { transition } from "./status-machine";

function timeOutApprovals(state: PimState, nowMs: number, timeoutStatus: EmulatorOptions["approvalTimeoutStatus"]): boolean {
  let changed = false;
  for (const approval of state.approvals) {
    if (Date.parse(approval.expiresDateTime) > nowMs) continue;
    const request = state.requests.find((r) => r.family === "assignment" && sameId(r.id, approval.id));
    if (request?.status !== "PendingApproval") continue;
    request.status = transition(request.status, "timeout", timeoutStatus);
    request.completedDateTime = approval.expiresDateTime;
    for (const stage of approval.stages) if (stage.status === "InProgress" || stage.status === "Initializing") stage.status = "Expired";
    changed = true;
  }
  return changed;
}

function startGrantedRequests(state: PimState, nowMs: number): boolean {
  let changed = false;
  for (const request of state.requests) {
    if (request.status !== "Granted") continue;
    const schedule = findSchedule(state, request.targetScheduleId);
    const startMs = Date.parse(schedule?.startDateTime ?? request.scheduleInfo.startDateTime ?? "");
    if (startMs > nowMs) continue;
    request.status = transition(request.status, "start", "Provisioned");
    request.completedDateTime = graphTime(startMs);
    changed = true;
  }
  return changed;
}

function expireSchedules(state: PimState, directory: DirectoryService, nowMs: number): boolean {
  const over = state.schedules.filter((s) => s.endDateTime !== null && Date.parse(s.endDateTime) <= nowMs);
  for (const schedule of over) endSchedule(state, directory, schedule);
  return over.length > 0;
}

/** Returns true when anything changed (the caller then marks the state dirty). */
export function tickPim(state: PimState, directory: DirectoryService, nowMs: number, options: EmulatorOptions): boolean {
  const timedOut = timeOutApprovals(state, nowMs, options.approvalTimeoutStatus);
  const started = startGrantedRequests(state, nowMs);
  const applied = applyStartedAssignments(state, directory, nowMs);
  const expired = expireSchedules(state, directory, nowMs);
  return timedOut || started || applied || expired;
}
