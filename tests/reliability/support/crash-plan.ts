/**
 * What each requester of the crash test does, and how to read the state PIM says a request is in.
 */
import type { Schedule, ScheduleRequest } from "@/emulator/pim/model";
import type { RequestState } from "@/lib/requests/state-machine";

export type PlanKind =
  | "approve" // an approver approves in the app; `deactivate` ends it early in the app
  | "deny" // an approver denies in the app
  | "cancel" // the requester cancels while pending
  | "approve-in-pim" // an approver approves directly in PIM (the portal), not in the app
  | "deny-in-pim"
  | "timeout" // nobody decides: PIM's 24 h window closes
  | "admin-remove"; // approved in the app, then an administrator removes the membership in PIM

export interface CrashPlan {
  n: number;
  kind: PlanKind;
  approver: "p01" | "p02";
  deactivate?: boolean;
}

export interface CrashConfig {
  dbUrl: string;
  emulatorUrl: string;
  /** Tokens shared by the driver processes (support/app-deps.ts). */
  tokenFile: string;
  plans: CrashPlan[];
  maxSteps: number;
  exitWhenIdle?: boolean;
}

export function crashPlans(): CrashPlan[] {
  const kinds: [PlanKind, boolean?][] = [
    ["approve", true],
    ["approve", true],
    ["approve", true],
    ["approve", true],
    ["approve", true],
    ["approve", false],
    ["deny"],
    ["deny"],
    ["cancel"],
    ["approve-in-pim"],
    ["deny-in-pim"],
    ["timeout"],
    ["admin-remove"],
  ];
  return kinds.map(([kind, deactivate], i) => ({ n: i + 1, kind, approver: i % 2 === 0 ? "p01" : "p02", ...(deactivate !== undefined ? { deactivate } : {}) }));
}

/**
 * The app state PIM implies for the request PIM knows as `pimRequestId`: from the activation request's status,
 * whether its schedule still exists, and what ended it (a later selfDeactivate/adminRemove, or its end time).
 */
export function stateFromPim(
  pimRequestId: string,
  pim: { requests: ScheduleRequest[]; schedules: Schedule[]; approvals: { id: string; expiresDateTime: string }[] },
): RequestState {
  const request = pim.requests.find((r) => r.id === pimRequestId);
  if (!request) throw new Error(`PIM has no request ${pimRequestId}`);
  switch (request.status) {
    case "PendingApproval":
      return "pending_approval";
    case "Denied":
      return "denied";
    case "TimedOut":
      return "timed_out";
    case "Canceled": {
      // Graph v1.0 reports PIM's 24-hour timeout as Canceled too; the emulator completes those at the window's end.
      const approval = pim.approvals.find((a) => a.id === request.id);
      const isTimeout = approval !== undefined && Date.parse(request.completedDateTime ?? "") >= Date.parse(approval.expiresDateTime);
      return isTimeout ? "timed_out" : "canceled";
    }
    case "Provisioned":
    case "Granted": {
      if (pim.schedules.some((s) => s.createdUsing === request.id)) return "active";
      const endedBy = pim.requests.find(
        (r) =>
          (r.action === "selfDeactivate" || r.action === "adminRemove") &&
          r.principalId === request.principalId &&
          r.groupId === request.groupId &&
          r.createdDateTime >= request.createdDateTime &&
          ["Provisioned", "Revoked"].includes(r.status),
      );
      return endedBy ? "deactivated" : "expired";
    }
    default:
      return "failed";
  }
}
