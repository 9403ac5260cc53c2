import { describe, expect, it } from "vitest";
import {
  IllegalTransitionError,
  isTerminal,
  requestEvents,
  requestStates,
  transition,
  type RequestEvent,
  type RequestState,
} from "./state-machine";

// The expected table, written out independently of the implementation: every pair not listed must throw.
const legal: Record<string, RequestState> = {
  "submitted/pim_pending": "pending_approval",
  "submitted/pim_provisioned": "approved",
  "submitted/failed": "failed",
  "submitted/canceled": "canceled",
  "pending_approval/approval_recorded": "pending_approval",
  "pending_approval/approved": "approved",
  "pending_approval/pim_provisioned": "approved",
  "pending_approval/denied": "denied",
  "pending_approval/canceled": "canceled",
  "pending_approval/timed_out": "timed_out",
  "pending_approval/failed": "failed",
  "approved/activated": "active",
  "approved/failed": "failed",
  "approved/canceled": "canceled",
  "active/expired": "expired",
  "active/deactivated": "deactivated",
};

const pairs = requestStates.flatMap((s) => requestEvents.map((e) => [s, e] as [RequestState, RequestEvent]));

describe("request state machine", () => {
  it("covers every state × event pair (10 × 11)", () => {
    expect(pairs).toHaveLength(110);
  });

  for (const [state, event] of pairs) {
    const expected = legal[`${state}/${event}`];
    if (expected) {
      it(`${state} --${event}--> ${expected}`, () => {
        expect(transition(state, event)).toBe(expected);
      });
    } else {
      it(`${state} rejects ${event}`, () => {
        expect(() => transition(state, event)).toThrow(IllegalTransitionError);
        expect(() => transition(state, event)).toThrow(`"${event}" is not allowed in state "${state}"`);
      });
    }
  }

  it("terminal states accept no event at all", () => {
    for (const state of requestStates.filter(isTerminal)) {
      for (const event of requestEvents) expect(() => transition(state, event)).toThrow(IllegalTransitionError);
    }
  });

  it("every non-terminal state can still reach a terminal state", () => {
    const reachesEnd = (s: RequestState, seen = new Set<RequestState>()): boolean => {
      if (isTerminal(s)) return true;
      seen.add(s);
      return requestEvents.some((e) => {
        const next = legal[`${s}/${e}`];
        return next !== undefined && !seen.has(next) && reachesEnd(next, seen);
      });
    };
    for (const s of requestStates) expect(reachesEnd(s)).toBe(true);
  });
});
