import { describe, expect, it } from "vitest";
import { canTransition, IllegalTransitionError, initialStatus, isPending, transition } from "./status-machine";

describe("request status machine", () => {
  it("moves a pending approval to each documented outcome", () => {
    expect(transition("PendingApproval", "approve", "Provisioned")).toBe("Provisioned");
    expect(transition("PendingApproval", "approve", "Granted")).toBe("Granted");
    expect(transition("PendingApproval", "deny", "Denied")).toBe("Denied");
    expect(transition("PendingApproval", "cancel", "Canceled")).toBe("Canceled");
    expect(transition("PendingApproval", "timeout", "TimedOut")).toBe("TimedOut");
    expect(transition("Granted", "start", "Provisioned")).toBe("Provisioned");
  });

  it("refuses illegal moves instead of drifting", () => {
    expect(() => transition("Denied", "approve", "Provisioned")).toThrow(IllegalTransitionError);
    expect(() => transition("Provisioned", "cancel", "Canceled")).toThrow(IllegalTransitionError);
    expect(() => transition("PendingApproval", "deny", "Provisioned")).toThrow(IllegalTransitionError);
    expect(canTransition("Revoked", "cancel")).toBe(false);
    expect(canTransition("Granted", "cancel")).toBe(true);
  });

  it("chooses the initial status from action, approval and start", () => {
    expect(initialStatus({ action: "selfDeactivate", needsApproval: false, startsInFuture: false })).toBe("Revoked");
    expect(initialStatus({ action: "selfActivate", needsApproval: true, startsInFuture: true })).toBe("PendingApproval");
    expect(initialStatus({ action: "adminAssign", needsApproval: false, startsInFuture: true })).toBe("Granted");
    expect(initialStatus({ action: "adminAssign", needsApproval: false, startsInFuture: false })).toBe("Provisioned");
    expect(isPending("PendingApproval")).toBe(true);
    expect(isPending("Granted")).toBe(false);
  });
});
