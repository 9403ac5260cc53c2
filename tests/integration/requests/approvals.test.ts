/**
 * Approval invariants (design.md §6) against the database and the emulator: who may decide (checked live),
 * quorum, concurrent deciders, decisions made in PIM directly, and PIM's 24-hour window.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { decideApprovalStage, getApproval, getPimRequest, selfActivate } from "@/lib/entra/pim";
import { isAppError } from "@/lib/errors";
import { decideApproval } from "@/lib/requests/decide-approval";
import { getApprovalByLink } from "@/lib/requests/get-approval-by-link";
import { getRequest } from "@/lib/requests/get-request";
import { submitRequest } from "@/lib/requests/submit-request";
import { auditActions, id, linkTokenIn, startHarness, target, type Harness, type Person } from "./harness";

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

/** `expect.stringContaining`, typed for use inside toMatchObject. */
const containing = (text: string): unknown => expect.stringContaining(text);

const input = { targetId: "aks-prod", durationMinutes: 60, justification: "Rotate the ingress certificate on prod" };

async function submit(who: Person = "n01") {
  const { request } = await submitRequest(h.deps, { user: h.user(who), input });
  await h.runJobs();
  return request;
}

const decide = (who: Person, requestId: string, decision: "approve" | "deny", reason = "Checked the change ticket") =>
  decideApproval(h.deps, { user: h.user(who), input: { requestId, decision, reason } });

async function pimStatusOf(requestId: string) {
  const row = await h.testDb.db.accessRequest.findUniqueOrThrow({ where: { id: requestId } });
  return (await getPimRequest(h.deps.graph.app(), row.pimRequestId!)).status;
}

describe("who may decide (checked live)", () => {
  it("a requester cannot approve their own request", async () => {
    const request = await submit();
    await expect(decide("n01", request.id, "approve")).rejects.toMatchObject({ code: "forbidden", userMessage: "You cannot approve or deny your own request." });
    expect(await auditActions(h, request.id)).toContain("approval.refused");
  });

  it("an owner of the approver group who is not a member cannot decide", async () => {
    const request = await submit();
    await expect(decide("o01", request.id, "approve")).rejects.toMatchObject({ code: "forbidden", userMessage: containing("not a member of the approver group") });
  });

  it("an approver removed from the approver group after the email went out can no longer decide", async () => {
    const request = await submit();
    const token = linkTokenIn((await h.mail("p02@contoso.example"))[0]!);
    h.emu.services.directory.removeMember(id.approver, id.p02);
    const page = await getApprovalByLink(h.deps, { user: h.user("p02"), token });
    expect(page).toMatchObject({ ok: true, check: { allowed: false, reason: "not_member" } });
    await expect(decideApproval(h.deps, { user: h.user("p02"), input: { linkToken: token, decision: "approve", reason: "Change verified" } })).rejects.toMatchObject({ code: "forbidden" });
    expect(await pimStatusOf(request.id)).toBe("PendingApproval");
  });

  it("an approver who currently holds the elevation is not asked and cannot approve", async () => {
    // p02 (also in the default group) activates through PIM directly, approved by p01 in PIM.
    const p02pim = await selfActivate(h.deps.graph.user(h.user("p02")), {
      principalId: id.p02,
      groupId: id.admin,
      durationMinutes: 60,
      justification: "On-call investigation",
      start: h.deps.now(),
    });
    const p01 = h.deps.graph.user(h.user("p01"));
    const stage = (await getApproval(p01, p02pim.id)).stages[0]!;
    await decideApprovalStage(p01, p02pim.id, stage.id, { reviewResult: "Approve", justification: "ok" });

    const request = await submit();
    const links = await h.testDb.db.approvalLink.findMany({ where: { requestId: request.id } });
    expect(links.map((l) => l.approverId)).toEqual([id.p01]);
    expect(await h.mail("p02@contoso.example")).toEqual([]);
    await expect(decide("p02", request.id, "approve")).rejects.toMatchObject({ code: "forbidden", userMessage: containing("currently hold this elevation") });
  });

  it("someone else's link, an unknown link and an expired link are refused with a reason, and audited", async () => {
    const request = await submit();
    const token = linkTokenIn((await h.mail("p01@contoso.example"))[0]!);
    expect(await getApprovalByLink(h.deps, { user: h.user("p02"), token })).toMatchObject({ ok: false, reason: "other_approver" });
    expect(await getApprovalByLink(h.deps, { user: h.user("p01"), token: "A".repeat(43) })).toMatchObject({ ok: false, reason: "unknown" });
    await expect(decideApproval(h.deps, { user: h.user("p02"), input: { linkToken: token, decision: "approve", reason: "Change verified" } })).rejects.toMatchObject({ code: "not_found" });
    await h.advance(24 * 3600 + 60);
    expect(await getApprovalByLink(h.deps, { user: h.user("p01"), token })).toMatchObject({ ok: false, reason: "expired" });
    const refused = await h.testDb.db.auditEvent.findMany({ where: { action: "approval.link_refused" }, orderBy: { seq: "asc" } });
    expect(refused.slice(-3).map((e) => (e.data as { reason: string }).reason)).toEqual(["other_approver", "unknown", "expired"]);
    expect(refused.at(-1)?.requestId).toBe(request.id);
  });
});

describe("quorum", () => {
  it("with a quorum of 2 the first approval is only recorded; the second is sent to PIM", async () => {
    await h.reset({ targets: [target({ quorum: 2 })] });
    const request = await submit();
    const first = await decide("p01", request.id, "approve", "Looks fine");
    expect(first).toMatchObject({ outcome: "recorded", request: { status: "pending_approval" } });
    expect(await pimStatusOf(request.id)).toBe("PendingApproval");
    await expect(decide("p01", request.id, "approve")).rejects.toMatchObject({ code: "conflict", userMessage: "You have already decided on this request." });

    const second = await decide("p02", request.id, "approve", "Agreed");
    expect(second).toMatchObject({ outcome: "approved", request: { status: "approved" } });
    expect(await pimStatusOf(request.id)).toBe("Provisioned");
    const decisions = await h.testDb.db.decision.findMany({ where: { requestId: request.id }, orderBy: { createdAt: "asc" } });
    expect(decisions.map((d) => [d.approverId, d.kind, d.isFinal])).toEqual([
      [id.p01, "approve", false],
      [id.p02, "approve", true],
    ]);
    expect(await auditActions(h, request.id)).toEqual(expect.arrayContaining(["approval.recorded", "approval.decided", "request.approved"]));
  });

  it("with a quorum of 2 a single deny ends the request", async () => {
    await h.reset({ targets: [target({ quorum: 2 })] });
    const request = await submit();
    await decide("p01", request.id, "approve");
    expect(await decide("p02", request.id, "deny", "Not during the freeze")).toMatchObject({ outcome: "denied" });
    expect(await pimStatusOf(request.id)).toBe("Denied");
  });
});

describe("concurrent deciders", () => {
  it("two approvers deciding at once yield exactly one PIM decision; the other is told who decided", async () => {
    const request = await submit();
    const results = await Promise.allSettled([decide("p01", request.id, "approve", "Looks fine"), decide("p02", request.id, "deny", "Not now")]);
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    const error: unknown = lost[0]!.reason;
    expect(isAppError(error) && error.code).toBe("conflict");
    expect(isAppError(error) && error.userMessage).toMatch(/^Already decided: (approved by Priya Approver|denied by Paul Approver) at \d{4}-\d\d-\d\d \d\d:\d\d UTC\.$/);

    const finals = await h.testDb.db.decision.findMany({ where: { requestId: request.id, isFinal: true } });
    expect(finals).toHaveLength(1);
    const stage = (await getApproval(h.deps.graph.user(h.user("p01")), (await h.testDb.db.accessRequest.findUniqueOrThrow({ where: { id: request.id } })).pimApprovalId!)).stages[0]!;
    expect(stage.reviewedBy?.id).toBe(finals[0]!.approverId);
    expect(await auditActions(h, request.id)).not.toContain("approval.pim_rejected");
  });
});

describe("decisions PIM makes without us", () => {
  it("an approval given in PIM directly is picked up by the worker and followed to active", async () => {
    const request = await submit();
    const row = await h.testDb.db.accessRequest.findUniqueOrThrow({ where: { id: request.id } });
    const p01 = h.deps.graph.user(h.user("p01"));
    const stage = (await getApproval(p01, row.pimApprovalId!)).stages[0]!;
    await decideApprovalStage(p01, row.pimApprovalId!, stage.id, { reviewResult: "Approve", justification: "in the portal" });

    // The app's own button now finds PIM already decided and says so without recording a vote.
    await expect(decide("p02", request.id, "approve")).rejects.toMatchObject({ code: "conflict" });
    expect(await h.testDb.db.decision.count({ where: { requestId: request.id } })).toBe(0);

    await h.runJobs();
    const view = await getRequest(h.deps, { user: h.user("n01"), requestId: request.id, isAuditor: false });
    expect(view.status).toBe("active");
    const approved = await h.testDb.db.auditEvent.findFirstOrThrow({ where: { requestId: request.id, action: "request.approved" } });
    expect(approved.data).toMatchObject({ source: "pim" });
  });

  it("a request nobody decides within 24 hours ends as timed out and everyone is told", async () => {
    const request = await submit();
    await h.advance(24 * 3600 + 30);
    await h.runJobs();
    const view = await getRequest(h.deps, { user: h.user("n01"), requestId: request.id, isAuditor: false });
    expect(view.status).toBe("timed_out");
    expect((await h.mail("n01@contoso.example")).some((m) => m.subject.includes("Not decided in time"))).toBe(true);
    expect((await h.mail("p01@contoso.example")).some((m) => m.subject.includes("expired without a decision"))).toBe(true);
  });
});
