/**
 * The crash windows the crash test found, one by one and deterministically (lib/requests/interrupted-decision.ts,
 * record-pim-request.ts): a process that dies between claiming a deciding vote and sending it to PIM, between
 * PIM's answer and the transaction recording it, or between selfActivate and recording PIM's answer while PIM's
 * approvers decide in the portal.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { decideApprovalStage, getApproval, selfActivate } from "@/lib/entra/pim";
import { claimDecision } from "@/lib/requests/claim-decision";
import { decideApproval } from "@/lib/requests/decide-approval";
import { loadRequest } from "@/lib/requests/records";
import { submitRequest } from "@/lib/requests/submit-request";
import { auditActions, id, startHarness, type Harness } from "../integration/requests/harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});
beforeEach(async () => {
  await h.reset();
});

const input = { targetId: "aks-prod", durationMinutes: 60, justification: "Rotate the ingress certificate on prod" };

async function pending() {
  const { request } = await submitRequest(h.deps, { user: h.user("n01"), input });
  await h.runJobs();
  return (await loadRequest(h.testDb.db, request.id))!;
}

describe("a deciding vote interrupted by a crash", () => {
  it("claimed but never sent to PIM: the claim is released after its lease, and another approver can decide", async () => {
    const request = await pending();
    await claimDecision(h.deps, { request, user: h.user("p01"), decision: "approve", reason: "Checked" });
    // The process died here. Meanwhile the claim blocks everyone:
    await expect(decideApproval(h.deps, { user: h.user("p02"), input: { requestId: request.id, decision: "approve", reason: "Checked too" } })).rejects.toMatchObject({ code: "conflict" });

    await h.advance(11 * 60);
    await h.runJobs();
    const released = await h.testDb.db.auditEvent.findFirstOrThrow({ where: { requestId: request.id, action: "approval.pim_rejected" } });
    expect(released.data).toMatchObject({ approverId: id.p01, code: "interrupted", kind: "not_sent" });
    expect(await h.testDb.db.decision.count({ where: { requestId: request.id } })).toBe(0);

    const r = await decideApproval(h.deps, { user: h.user("p02"), input: { requestId: request.id, decision: "approve", reason: "Checked too" } });
    expect(r.outcome).toBe("approved");
  });

  it("sent to PIM but never recorded: the worker records the vote, its emails and the approval, once", async () => {
    const request = await pending();
    await claimDecision(h.deps, { request, user: h.user("p01"), decision: "approve", reason: "Checked the ticket" });
    const p01 = h.deps.graph.user(h.user("p01"));
    const stage = (await getApproval(p01, request.pimApprovalId!)).stages[0]!;
    await decideApprovalStage(p01, request.pimApprovalId!, stage.id, { reviewResult: "Approve", justification: "Checked the ticket" });
    // The process died before finalizeDecision's transaction. Within a minute the worker leaves it to that transaction…
    await h.runJobs();
    expect((await loadRequest(h.testDb.db, request.id))!.status).toBe("pending_approval");
    // …after that it records the vote itself.
    await h.advance(2 * 60);
    await h.runJobs();
    expect((await loadRequest(h.testDb.db, request.id))!.status).toBe("active");

    const actions = await auditActions(h, request.id);
    expect(actions.filter((a) => a === "approval.decided")).toHaveLength(1);
    expect(actions.indexOf("approval.decided")).toBeLessThan(actions.indexOf("request.approved"));
    const decided = await h.testDb.db.auditEvent.findFirstOrThrow({ where: { requestId: request.id, action: "approval.decided" } });
    expect(decided).toMatchObject({ actorType: "user", actorId: id.p01, data: { decision: "approve", reason: "Checked the ticket", recovered: true } });
    const approved = await h.testDb.db.auditEvent.findFirstOrThrow({ where: { requestId: request.id, action: "request.approved" } });
    expect(approved.data).toMatchObject({ source: "app" });
    expect((await h.mail("n01@contoso.example")).filter((m) => /approved/i.test(m.subject))).toHaveLength(1);
    expect((await h.mail("p02@contoso.example")).some((m) => m.body.content.includes("Priya Approver"))).toBe(true);
    const links = await h.testDb.db.approvalLink.findMany({ where: { requestId: request.id, approverId: id.p01 } });
    expect(links.every((l) => l.usedAt !== null)).toBe(true);
  });
});

describe("a request PIM decided before the app recorded PIM's answer", () => {
  it("approved in the portal meanwhile: recorded as approved in PIM, and no approver is asked", async () => {
    // The selfActivate call is throttled (our request stays `submitted`)…
    await h.emu.hooks.addFault({ method: "POST", path: "assignmentScheduleRequests$", kind: "429", retryAfterSeconds: 1, count: 1 });
    const { request, outcome } = await submitRequest(h.deps, { user: h.user("n01"), input });
    expect(outcome).toBe("submitted");
    // …yet PIM did get one (the SDK's retry, or a response lost on the way back), and an approver approved it in the portal.
    const pim = await selfActivate(h.deps.graph.user(h.user("n01")), {
      principalId: id.n01,
      groupId: id.admin,
      durationMinutes: 60,
      justification: input.justification,
      start: h.deps.now(),
    });
    const p01 = h.deps.graph.user(h.user("p01"));
    await decideApprovalStage(p01, pim.id, (await getApproval(p01, pim.id)).stages[0]!.id, { reviewResult: "Approve", justification: "In the portal" });

    await h.advance(2 * 60);
    await h.runJobs(); // finds PIM's request and adopts it…
    await h.advance(10);
    await h.runJobs(); // …then follows it like any other
    const row = (await loadRequest(h.testDb.db, request.id))!;
    expect(row).toMatchObject({ status: "active", pimRequestId: pim.id });
    const actions = await auditActions(h, request.id);
    expect(actions).toEqual(expect.arrayContaining(["request.pim_submitted", "request.approved", "request.activated"]));
    expect(actions).not.toContain("request.routed");
    const approved = await h.testDb.db.auditEvent.findFirstOrThrow({ where: { requestId: request.id, action: "request.approved" } });
    expect(approved.data).toMatchObject({ source: "pim" });
    expect(await h.mail("p01@contoso.example")).toEqual([]);
  });

  it("denied in the portal meanwhile: recorded as denied (not as failed)", async () => {
    await h.emu.hooks.addFault({ method: "POST", path: "assignmentScheduleRequests$", kind: "503", retryAfterSeconds: 1, count: 1 });
    const { request } = await submitRequest(h.deps, { user: h.user("n01"), input });
    const pim = await selfActivate(h.deps.graph.user(h.user("n01")), { principalId: id.n01, groupId: id.admin, durationMinutes: 60, justification: input.justification, start: h.deps.now() });
    const p02 = h.deps.graph.user(h.user("p02"));
    await decideApprovalStage(p02, pim.id, (await getApproval(p02, pim.id)).stages[0]!.id, { reviewResult: "Deny", justification: "Not now" });
    await h.advance(2 * 60);
    await h.runJobs();
    await h.advance(10);
    await h.runJobs();
    expect((await loadRequest(h.testDb.db, request.id))!.status).toBe("denied");
  });
});
