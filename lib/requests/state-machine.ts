/**
 * The request lifecycle (design.md §3), as one pure table. Every state change in the app goes through
 * `transition()`, which throws on anything the table does not allow: an event arriving in the wrong state is a
 * bug or a race, and silently ignoring it would hide both.
 *
 *   submitted → pending_approval → approved → active → expired | deactivated
 *   terminal: denied, canceled, failed, timed_out (and expired, deactivated)
 */
export const requestStates = [
  "submitted",
  "pending_approval",
  "approved",
  "active",
  "expired",
  "deactivated",
  "denied",
  "canceled",
  "failed",
  "timed_out",
] as const;
export type RequestState = (typeof requestStates)[number];

export const requestEvents = [
  "pim_pending", // PIM accepted selfActivate and waits for approval
  "pim_provisioned", // PIM granted without (or after) an approval we did not send — e.g. decided in the portal
  "approval_recorded", // one approval below the quorum, recorded by the app only
  "approved", // the quorum-reaching approval was sent to PIM
  "denied",
  "activated", // an active assignment schedule instance exists
  "expired",
  "deactivated",
  "canceled",
  "failed",
  "timed_out",
] as const;
export type RequestEvent = (typeof requestEvents)[number];

export const terminalStates: ReadonlySet<RequestState> = new Set([
  "expired",
  "deactivated",
  "denied",
  "canceled",
  "failed",
  "timed_out",
]);

/** Requests the worker keeps following. */
export const openStates = requestStates.filter((s) => !terminalStates.has(s));

const table: Partial<Record<RequestState, Partial<Record<RequestEvent, RequestState>>>> = {
  submitted: {
    pim_pending: "pending_approval",
    pim_provisioned: "approved", // policy without approval (the setup check flags this as unsafe)
    failed: "failed",
    canceled: "canceled",
  },
  pending_approval: {
    approval_recorded: "pending_approval",
    approved: "approved",
    pim_provisioned: "approved",
    denied: "denied",
    canceled: "canceled",
    timed_out: "timed_out",
    failed: "failed",
  },
  approved: {
    activated: "active",
    failed: "failed",
    canceled: "canceled", // PIM allows cancelling a granted request whose start lies in the future
  },
  active: {
    expired: "expired",
    deactivated: "deactivated",
  },
};

export class IllegalTransitionError extends Error {
  constructor(
    readonly from: RequestState,
    readonly event: RequestEvent,
  ) {
    super(`Illegal request transition: "${event}" is not allowed in state "${from}"`);
    this.name = "IllegalTransitionError";
  }
}

export function canTransition(from: RequestState, event: RequestEvent): boolean {
  return table[from]?.[event] !== undefined;
}

/** The next state, or throws IllegalTransitionError. */
export function transition(from: RequestState, event: RequestEvent): RequestState {
  const next = table[from]?.[event];
  if (next === undefined) throw new IllegalTransitionError(from, event);
  return next;
}

export function isTerminal(state: RequestState): boolean {
  return terminalStates.has(state);
}
