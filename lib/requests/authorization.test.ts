import { describe, expect, it } from "vitest";
import { canDecide, canViewRequest, eligibleRecipients, isQuorumReached } from "./authorization";
import { requestStates } from "./state-machine";

const requester = { id: "u-requester" };
const approver = { id: "u-approver" };
const pending = { requesterId: requester.id, status: "pending_approval" as const };
const ok = { isApproverGroupMember: true, isCurrentlyElevated: false, alreadyDecided: false };

describe("canViewRequest", () => {
  it("lets the requester see their own request", () => {
    expect(canViewRequest(requester, pending, { isAuditor: false, isRoutedApprover: false })).toBe(true);
  });
  it("hides another person's request from a plain user", () => {
    expect(canViewRequest({ id: "u-other" }, pending, { isAuditor: false, isRoutedApprover: false })).toBe(false);
  });
  it("lets an approver the request was routed to see it", () => {
    expect(canViewRequest(approver, pending, { isAuditor: false, isRoutedApprover: true })).toBe(true);
  });
  it("lets an auditor see every request", () => {
    expect(canViewRequest({ id: "u-auditor" }, pending, { isAuditor: true, isRoutedApprover: false })).toBe(true);
  });
});

describe("canDecide", () => {
  it("allows a current approver-group member who is not elevated and has not decided", () => {
    expect(canDecide({ approver, request: pending, ...ok })).toEqual({ allowed: true });
  });
  it("a requester cannot approve their own request, even as an approver-group member", () => {
    expect(canDecide({ approver: requester, request: pending, ...ok })).toEqual({ allowed: false, reason: "is_requester" });
  });
  it("refuses someone who is no longer in the approver group", () => {
    expect(canDecide({ approver, request: pending, ...ok, isApproverGroupMember: false })).toEqual({
      allowed: false,
      reason: "not_member",
    });
  });
  it("refuses an approver who currently holds the elevation", () => {
    expect(canDecide({ approver, request: pending, ...ok, isCurrentlyElevated: true })).toEqual({
      allowed: false,
      reason: "currently_elevated",
    });
  });
  it("refuses a second decision by the same approver", () => {
    expect(canDecide({ approver, request: pending, ...ok, alreadyDecided: true })).toEqual({
      allowed: false,
      reason: "already_decided",
    });
  });
  for (const status of requestStates.filter((s) => s !== "pending_approval")) {
    it(`refuses a decision on a ${status} request`, () => {
      expect(canDecide({ approver, request: { ...pending, status }, ...ok })).toEqual({ allowed: false, reason: "not_pending" });
    });
  }
  it("reports self-approval before any other reason", () => {
    const r = canDecide({
      approver: requester,
      request: { ...pending, status: "active" },
      isApproverGroupMember: false,
      isCurrentlyElevated: true,
      alreadyDecided: true,
    });
    expect(r).toEqual({ allowed: false, reason: "is_requester" });
  });
});

describe("isQuorumReached", () => {
  it("one approval meets a quorum of one", () => {
    expect(isQuorumReached([{ approverId: "a", kind: "approve" }], 1)).toBe(true);
  });
  it("no approvals never meet a quorum, even a misconfigured quorum of 0", () => {
    expect(isQuorumReached([], 0)).toBe(false);
  });
  it("one approval does not meet a quorum of two", () => {
    expect(isQuorumReached([{ approverId: "a", kind: "approve" }], 2)).toBe(false);
  });
  it("the same approver counted twice does not meet a quorum of two", () => {
    expect(
      isQuorumReached(
        [
          { approverId: "a", kind: "approve" },
          { approverId: "a", kind: "approve" },
        ],
        2,
      ),
    ).toBe(false);
  });
  it("two distinct approvals meet a quorum of two; denials do not count", () => {
    const d = [
      { approverId: "a", kind: "approve" as const },
      { approverId: "b", kind: "deny" as const },
    ];
    expect(isQuorumReached(d, 2)).toBe(false);
    expect(isQuorumReached([...d, { approverId: "c", kind: "approve" }], 2)).toBe(true);
  });
});

describe("eligibleRecipients", () => {
  const user = (id: string, mail: string | null = `${id}@contoso.example`) => ({
    id,
    displayName: id,
    mail,
    userPrincipalName: mail,
  });
  const members = [user("n01"), user("p01"), user("p02"), user("o01"), user("p01")];

  it("excludes the requester, owner-only users and elevated users, once per person", () => {
    const r = eligibleRecipients(members, { requesterId: "n01", ownersOnly: ["o01"], elevatedIds: [] });
    expect(r.map((m) => m.id)).toEqual(["p01", "p02"]);
  });
  it("excludes someone who currently holds the elevation", () => {
    const r = eligibleRecipients(members, { requesterId: "n01", ownersOnly: [], elevatedIds: ["p02"] });
    expect(r.map((m) => m.id)).toEqual(["p01", "o01"]);
  });
  it("drops members without any address", () => {
    const r = eligibleRecipients([user("p01", null)], { requesterId: "n01", ownersOnly: [], elevatedIds: [] });
    expect(r).toEqual([]);
  });
});
