/**
 * The core flow (design.md §2, Recipe A) against a real database and the tenant emulator: submit with the
 * requester's token → PIM PendingApproval → approval emails → decision with the approver's token → worker
 * follows PIM to active and to expired.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { verifyAuditLog } from "@/lib/audit/verify";
import { getPimRequest, listActiveInstances } from "@/lib/entra/pim";
import { cancelRequest } from "@/lib/requests/cancel-request";
import { decideApproval } from "@/lib/requests/decide-approval";
import { getApprovalByLink } from "@/lib/requests/get-approval-by-link";
import { getRequest } from "@/lib/requests/get-request";
import { listMyRequests } from "@/lib/requests/list-my-requests";
import { submitRequest } from "@/lib/requests/submit-request";
import { auditActions, id, linkTokenIn, startHarness, type Harness } from "./harness";

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

const input = { targetId: "aks-prod", durationMinutes: 60, justification: "Hotfix INC-4711 on the prod cluster", ticketNumber: "INC-4711" };

async function submitAndRoute() {
  const result = await submitRequest(h.deps, { user: h.user("n01"), input, meta: { ip: "203.0.113.7", userAgent: "vitest" } });
  await h.runJobs();
  return result;
}

async function approvalMail(upn: string) {
  const mails = (await h.mail(upn)).filter((m) => m.subject.includes("Approval needed"));
  expect(mails).toHaveLength(1);
  return mails[0]!;
}

describe("submit", () => {
  it("creates a PendingApproval request in PIM with the requester's token and emails p01 and p02 only", async () => {
    const { outcome, request } = await submitAndRoute();
    expect(outcome).toBe("pending_approval");
    expect(request.status).toBe("pending_approval");

    const row = await h.testDb.db.accessRequest.findUniqueOrThrow({ where: { id: request.id } });
    const pim = await getPimRequest(h.deps.graph.app(), row.pimRequestId!);
    expect(pim).toMatchObject({ status: "PendingApproval", principalId: id.n01, groupId: id.admin, action: "selfActivate" });
    expect(row.pimApprovalId).toBe(pim.approvalId);

    const p01 = await approvalMail("p01@contoso.example");
    await approvalMail("p02@contoso.example");
    expect(await h.mail("o01@contoso.example")).toEqual([]); // owner-only: not an approver
    expect(await h.mail("n01@contoso.example")).toEqual([]); // the requester is never asked
    expect(p01.from.address).toBe("jit-bot@contoso.example");
    expect(p01.body.content).toContain("Hotfix INC-4711 on the prod cluster");
    expect(p01.body.content).toContain("https://jit.contoso.example/approve/");

    // Only hashes are stored: the token in the email is not in the database.
    const token = linkTokenIn(p01);
    const links = await h.testDb.db.approvalLink.findMany({ where: { requestId: request.id } });
    expect(links.map((l) => l.approverId).sort()).toEqual([id.p01, id.p02].sort());
    expect(JSON.stringify(links)).not.toContain(token);
    expect(JSON.stringify(await h.testDb.db.outboxJob.findMany())).not.toContain(token);

    expect(await auditActions(h, request.id)).toEqual([
      "request.submitted",
      "request.pim_submitted",
      "approval.link_issued",
      "approval.link_issued",
      "request.routed",
      "mail.sent",
      "mail.sent",
    ]);
  });

  it("refuses a duration above the PIM policy maximum before calling PIM, naming the field", async () => {
    await expect(submitRequest(h.deps, { user: h.user("n01"), input: { ...input, durationMinutes: 481 } })).rejects.toMatchObject({
      code: "bad_request",
      options: { fields: { durationMinutes: "The requested duration is longer than the PIM policy allows (max 8 hours)." } },
    });
    expect(await h.testDb.db.accessRequest.count()).toBe(0);
  });

  it("validates input with readable messages and changes nothing", async () => {
    await expect(submitRequest(h.deps, { user: h.user("n01"), input: { targetId: "aks-prod", durationMinutes: 3, justification: "short" } })).rejects.toMatchObject({
      code: "bad_request",
      options: { fields: { durationMinutes: "The minimum is 5 minutes.", justification: "Write at least 10 characters: approvers decide on this text." } },
    });
    expect(await h.testDb.db.accessRequest.count()).toBe(0);
  });

  it("refuses someone who is not eligible in PIM", async () => {
    await expect(submitRequest(h.deps, { user: h.user("p01"), input })).rejects.toMatchObject({ code: "forbidden" });
  });

  it("returns the open request instead of submitting a second one", async () => {
    const first = await submitAndRoute();
    const second = await submitRequest(h.deps, { user: h.user("n01"), input });
    expect(second).toMatchObject({ outcome: "existing", request: { id: first.request.id } });
    expect(await h.testDb.db.accessRequest.count()).toBe(1);
  });
});

describe("approve → active → expired", () => {
  it("p01's approval is sent to PIM with p01's token, then the worker records the activation and its end", async () => {
    const { request } = await submitAndRoute();
    const token = linkTokenIn(await approvalMail("p01@contoso.example"));

    const page = await getApprovalByLink(h.deps, { user: h.user("p01"), token });
    expect(page).toMatchObject({ ok: true, check: { allowed: true }, request: { id: request.id, status: "pending_approval" } });

    const decided = await decideApproval(h.deps, { user: h.user("p01"), input: { linkToken: token, decision: "approve", reason: "Ticket checked" } });
    expect(decided.outcome).toBe("approved");
    const row = await h.testDb.db.accessRequest.findUniqueOrThrow({ where: { id: request.id } });
    expect((await getPimRequest(h.deps.graph.app(), row.pimRequestId!)).status).toBe("Provisioned");

    await h.runJobs();
    const active = await getRequest(h.deps, { user: h.user("n01"), requestId: request.id, isAuditor: false });
    expect(active.status).toBe("active");
    expect(active.activatedAt).not.toBeNull();
    expect(active.expiresAt!.getTime() - active.activatedAt!.getTime()).toBe(60 * 60_000);
    const [instance] = await listActiveInstances(h.deps.graph.app(), { groupId: id.admin, principalId: id.n01 });
    expect(new Date(instance!.endDateTime!).getTime()).toBe(active.expiresAt!.getTime());

    const n01Subjects = (await h.mail("n01@contoso.example")).map((m) => m.subject);
    expect(n01Subjects).toEqual(expect.arrayContaining([expect.stringContaining("Approved: #"), expect.stringContaining("Active until")]));
    expect((await h.mail("p02@contoso.example")).map((m) => m.subject)).toEqual(
      expect.arrayContaining([expect.stringContaining("No action needed"), expect.stringContaining("approved by Priya Approver")]),
    );

    // 45 minutes in: the 15-minute warning; past the end: PIM removes the membership and we record the expiry.
    await h.advance(45 * 60 + 5);
    await h.runJobs();
    expect((await h.mail("n01@contoso.example")).some((m) => m.subject.includes("Ends in 15 minutes"))).toBe(true);
    await h.advance(16 * 60);
    await h.runJobs();
    const ended = await getRequest(h.deps, { user: h.user("n01"), requestId: request.id, isAuditor: false });
    expect(ended).toMatchObject({ status: "expired" });
    expect(ended.endedAt?.getTime()).toBe(active.expiresAt!.getTime());
    expect((await h.mail("n01@contoso.example")).some((m) => m.subject.includes("Ended"))).toBe(true);

    expect(await auditActions(h, request.id)).toEqual(
      expect.arrayContaining(["approval.decided", "request.approved", "request.activated", "request.expired"]),
    );
    const verified = await verifyAuditLog(h.testDb.db);
    expect(verified.ok).toBe(true);
  });

  it("if the worker was down for the whole activation, the request still ends up expired", async () => {
    const { request } = await submitAndRoute();
    await decideApproval(h.deps, { user: h.user("p01"), input: { requestId: request.id, decision: "approve", reason: "Change verified" } });
    await h.advance(60 * 60 + 11 * 60); // the worker sleeps through the hour and a bit
    await h.runJobs();
    const view = await getRequest(h.deps, { user: h.user("n01"), requestId: request.id, isAuditor: false });
    expect(view.status).toBe("expired");
    expect(view.expiresAt!.getTime() - view.activatedAt!.getTime()).toBe(60 * 60_000);
    expect(await auditActions(h, request.id)).toEqual(expect.arrayContaining(["request.activated", "request.reconciled", "request.expired"]));
  });

  it("a link only shows the request: opening it twice changes nothing", async () => {
    const { request } = await submitAndRoute();
    const token = linkTokenIn(await approvalMail("p02@contoso.example"));
    await getApprovalByLink(h.deps, { user: h.user("p02"), token });
    await getApprovalByLink(h.deps, { user: h.user("p02"), token });
    const row = await h.testDb.db.accessRequest.findUniqueOrThrow({ where: { id: request.id } });
    expect(row.status).toBe("pending_approval");
    expect(await h.testDb.db.decision.count()).toBe(0);
  });
});

describe("deny and cancel", () => {
  it("a deny by p02 is sent to PIM, ends the request and tells the requester why", async () => {
    const { request } = await submitAndRoute();
    const token = linkTokenIn(await approvalMail("p02@contoso.example"));
    const r = await decideApproval(h.deps, { user: h.user("p02"), input: { linkToken: token, decision: "deny", reason: "No change ticket for this" } });
    expect(r).toMatchObject({ outcome: "denied", request: { status: "denied" } });
    const row = await h.testDb.db.accessRequest.findUniqueOrThrow({ where: { id: request.id } });
    expect((await getPimRequest(h.deps.graph.app(), row.pimRequestId!)).status).toBe("Denied");
    await h.runJobs();
    const denied = (await h.mail("n01@contoso.example")).find((m) => m.subject.includes("Denied"));
    expect(denied?.body.content).toContain("No change ticket for this");
  });

  it("a decision needs a reason, approve or deny, and nothing is recorded without one", async () => {
    const { request } = await submitAndRoute();
    for (const decision of ["approve", "deny"] as const) {
      await expect(decideApproval(h.deps, { user: h.user("p02"), input: { requestId: request.id, decision } })).rejects.toMatchObject({
        code: "bad_request",
        options: { fields: { reason: "Give a reason (at least 3 characters): it is recorded in PIM and the audit log." } },
      });
    }
    expect(await h.testDb.db.decision.count({ where: { requestId: request.id } })).toBe(0);
  });

  it("the requester cancels a pending request in PIM; approvers are told and their links stop working", async () => {
    const { request } = await submitAndRoute();
    const token = linkTokenIn(await approvalMail("p01@contoso.example"));
    const view = await cancelRequest(h.deps, { user: h.user("n01"), requestId: request.id });
    expect(view.status).toBe("canceled");
    const row = await h.testDb.db.accessRequest.findUniqueOrThrow({ where: { id: request.id } });
    expect((await getPimRequest(h.deps.graph.app(), row.pimRequestId!)).status).toBe("Canceled");
    await h.runJobs();
    expect((await h.mail("p01@contoso.example")).some((m) => m.subject.includes("was canceled by the requester"))).toBe(true);
    expect(await getApprovalByLink(h.deps, { user: h.user("p01"), token })).toMatchObject({ ok: false, reason: "not_pending" });
  });

  it("nobody but the requester can cancel, and others learn nothing", async () => {
    const { request } = await submitAndRoute();
    await expect(cancelRequest(h.deps, { user: h.user("n02"), requestId: request.id })).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("visibility (no IDOR)", () => {
  it("shows a request to its requester, routed approvers and auditors only", async () => {
    const { request } = await submitAndRoute();
    const get = (who: Parameters<Harness["user"]>[0], isAuditor = false) => getRequest(h.deps, { user: h.user(who), requestId: request.id, isAuditor });
    await expect(get("n01")).resolves.toMatchObject({ id: request.id });
    await expect(get("p01")).resolves.toMatchObject({ id: request.id });
    await expect(get("a01", true)).resolves.toMatchObject({ id: request.id });
    await expect(get("n02")).rejects.toMatchObject({ code: "not_found" });
    await expect(get("o01")).rejects.toMatchObject({ code: "not_found" });
    await expect(getRequest(h.deps, { user: h.user("n02"), requestId: "not-a-uuid", isAuditor: false })).rejects.toMatchObject({ code: "not_found" });
  });

  it("lists only the caller's own requests", async () => {
    await submitAndRoute();
    expect((await listMyRequests(h.deps, { user: h.user("n01") })).items).toHaveLength(1);
    expect((await listMyRequests(h.deps, { user: h.user("n02") })).items).toHaveLength(0);
  });
});
