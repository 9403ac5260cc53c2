import { describe, expect, it } from "vitest";
import { canonicalJson } from "@/lib/audit/chain";
import { parseAuditData } from "@/lib/audit/events";
import { seededDataJson, type SeededAction } from "./data-json";

const id = "5eed0000-0000-4000-8002-00000000000c";
const at = "2026-08-28T10:31:29.574Z";
const awkward = 'Say "hi" \\ to\nthe ü-team';

/** Two data objects per action, the second with nulls and characters JSON must escape. */
const samples: { [A in SeededAction]: Parameters<(typeof seededDataJson)[A]>[0][] } = {
  "request.submitted": [
    { durationMinutes: 60, justification: "Fix it", targetId: "aks-prod", ticketNumber: "INC1", to: "submitted" },
    { durationMinutes: 30, justification: awkward, targetId: awkward, ticketNumber: null, to: "submitted" },
  ],
  "request.failed": [{ code: "RoleAssignmentExists", from: "submitted", kind: "conflict", reason: awkward, to: "failed" }],
  "request.pim_submitted": [
    { adopted: false, approvalId: id, from: "submitted", pimRequestId: id, pimStatus: "PendingApproval", to: "pending_approval" },
    { adopted: true, approvalId: null, from: "submitted", pimRequestId: id, pimStatus: "Provisioned", to: "pending_approval" },
  ],
  "approval.link_issued": [{ approverEmail: "a@contoso.example", approverId: id, expiresAt: at }],
  "request.routed": [
    { excluded: { elevated: 1, noAddress: 0, ownersOnly: 2, requester: true }, recipients: [{ id, upn: "a@contoso.example" }, { id: awkward, upn: null }] },
    { excluded: { elevated: 0, noAddress: 0, ownersOnly: 0, requester: false }, recipients: [] },
  ],
  "request.canceled": [{ from: "pending_approval", source: "requester", to: "canceled" }],
  "request.timed_out": [{ from: "pending_approval", pimStatus: "TimedOut", to: "timed_out" }],
  "approval.recorded": [{ approvals: 1, approverId: id, quorum: 2 }],
  "approval.decided": [{ approverId: id, decision: "deny", pimStageId: id, reason: awkward }],
  "request.denied": [
    { from: "pending_approval", reason: "No", source: "app", to: "denied" },
    { from: "pending_approval", reason: null, source: "pim", to: "denied" },
  ],
  "request.approved": [{ from: "pending_approval", source: "app", to: "approved" }],
  "request.activated": [
    { endDateTime: at, from: "approved", startDateTime: at, to: "active" },
    { endDateTime: null, from: "approved", startDateTime: at, to: "active" },
  ],
  "request.deactivated": [{ from: "active", revokeSessions: true, source: "requester", to: "deactivated" }],
  "request.expired": [
    { endDateTime: at, from: "active", to: "expired" },
    { endDateTime: null, from: "active", to: "expired" },
  ],
};

describe("seededDataJson", () => {
  for (const action of Object.keys(samples) as SeededAction[]) {
    it(`writes ${action} data exactly as the canonical encoder does, and the result fits the action's schema`, () => {
      for (const data of samples[action]) {
        const json = (seededDataJson[action] as (d: unknown) => string)(data);
        expect(json).toBe(canonicalJson(data));
        expect(() => parseAuditData(action, JSON.parse(json))).not.toThrow();
      }
    });
  }

  it("covers every action the seeder writes", () => {
    expect(Object.keys(samples).sort()).toEqual(Object.keys(seededDataJson).sort());
  });
});
