/**
 * Request status lifecycle (entra-graph-api.md §4.9). Requests change status only through `transition`, so an
 * illegal move (approving a denied request, cancelling a provisioned one) is an error instead of silent drift.
 */
import type { RequestStatus, ScheduleAction } from "./model";

export type RequestEvent = "approve" | "deny" | "cancel" | "timeout" | "start";

const pendingStatuses: readonly RequestStatus[] = ["PendingApproval", "PendingAdminDecision", "PendingProvisioning", "PendingScheduleCreation"];

const allowed: Partial<Record<RequestStatus, Partial<Record<RequestEvent, readonly RequestStatus[]>>>> = {
  PendingApproval: {
    approve: ["Provisioned", "Granted"],
    deny: ["Denied"],
    cancel: ["Canceled"],
    timeout: ["Canceled", "TimedOut"],
  },
  // Granted = approved or accepted but starting in the future; it can still be cancelled.
  Granted: { start: ["Provisioned"], cancel: ["Canceled"] },
};

export class IllegalTransitionError extends Error {}

export function transition(from: RequestStatus, event: RequestEvent, to: RequestStatus): RequestStatus {
  if (!allowed[from]?.[event]?.includes(to)) throw new IllegalTransitionError(`A ${from} request cannot go to ${to} on ${event}`);
  return to;
}

export function canTransition(from: RequestStatus, event: RequestEvent): boolean {
  return (allowed[from]?.[event]?.length ?? 0) > 0;
}

export function isPending(status: RequestStatus): boolean {
  return pendingStatuses.includes(status);
}

/** The status a request gets when it is accepted. */
export function initialStatus(input: { action: ScheduleAction; needsApproval: boolean; startsInFuture: boolean }): RequestStatus {
  if (input.action === "selfDeactivate" || input.action === "adminRemove") return "Revoked";
  if (input.needsApproval) return "PendingApproval";
  return input.startsInFuture ? "Granted" : "Provisioned";
}

/** Statuses after which nothing more happens to the request record. */
export function isFinal(status: RequestStatus): boolean {
  return !isPending(status) && status !== "Granted";
}
