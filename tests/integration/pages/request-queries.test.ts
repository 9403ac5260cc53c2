/**
 * The read-side use cases behind the requester and approver pages (lib/requests/list-requestable-targets.ts,
 * list-approver-inbox.ts, count-waiting-approvals.ts, get-inbox-approval.ts, assert-routed-approver.ts,
 * get-request-details.ts, describe-approval-link.ts) against the real emulator and database — the same harness
 * as the request-flow tests (tests/integration/requests/harness.ts), whose clock follows the emulator's.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { assertRoutedApprover } from "@/lib/requests/assert-routed-approver";
import { countWaitingApprovals } from "@/lib/requests/count-waiting-approvals";
import { decideApproval } from "@/lib/requests/decide-approval";
import { describeApprovalLink } from "@/lib/requests/describe-approval-link";
import { getInboxApproval } from "@/lib/requests/get-inbox-approval";
import { getRequestDetails } from "@/lib/requests/get-request-details";
import { listApproverInbox } from "@/lib/requests/list-approver-inbox";
import { listRequestableTargets } from "@/lib/requests/list-requestable-targets";
import { submitRequest } from "@/lib/requests/submit-request";
import { id, linkTokenIn, startHarness, target, type Harness, type Person } from "../requests/harness";

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

async function submit(who: Person = "n01") {
  const { request } = await submitRequest(h.deps, { user: h.user(who), input });
  await h.runJobs();
  return request;
}

const waiting = (who: Person) => countWaitingApprovals(h.deps, { user: h.user(who) });

describe("listRequestableTargets", () => {
  it("offers an eligible requester the target with the stricter of the target's and the PIM policy's limits", async () => {
    await h.reset({ targets: [target({ maxDurationMinutes: 600, defaultDurationMinutes: 90, quorum: 2 })] });
    const { targets, unavailable } = await listRequestableTargets(h.deps, { user: h.user("n01") });
    expect(unavailable).toEqual([]);
    expect(targets).toHaveLength(1);
    // The seeded policy allows PT8H; the target would allow 10 h.
    expect(targets[0]).toMatchObject({
      id: "aks-prod",
      maxDurationMinutes: 480,
      defaultDurationMinutes: 90,
      isJustificationRequired: true,
      isApprovalRequired: true,
      quorum: 2,
      cluster: { name: "aks-prod", resourceGroup: "rg-aks-prod" },
      openRequest: null,
    });
  });

  it("offers nothing to someone PIM lists no eligibility for", async () => {
    const result = await listRequestableTargets(h.deps, { user: h.user("o01") });
    expect(result).toEqual({ targets: [], unavailable: [] });
  });

  it("points at the open request instead of letting a second one start", async () => {
    const request = await submit();
    const { targets } = await listRequestableTargets(h.deps, { user: h.user("n01") });
    expect(targets[0]?.openRequest).toMatchObject({ id: request.id, number: request.number, status: "pending_approval" });
  });

  it("lists a target PIM cannot be asked about as unavailable, with a message, instead of failing the page", async () => {
    await h.emu.hooks.addFault({ method: "GET", path: "eligibilityScheduleInstances", kind: "503" });
    const { targets, unavailable } = await listRequestableTargets(h.deps, { user: h.user("n01") });
    expect(targets).toEqual([]);
    expect(unavailable).toEqual([{ id: "aks-prod", displayName: target().displayName, message: expect.any(String) as unknown }]);
    expect(unavailable[0]?.message.length).toBeGreaterThan(10);
  });

  it("passes an expired Microsoft sign-in on, so the page can send the user to sign in", async () => {
    h.expireSignIn("n01");
    await expect(listRequestableTargets(h.deps, { user: h.user("n01") })).rejects.toMatchObject({ code: "reauth_required" });
  });
});

describe("approver inbox and the waiting-count badge", () => {
  it("shows a routed request to each approver until they decide, then under what they decided", async () => {
    const request = await submit();
    expect(await waiting("p01")).toBe(1);
    expect(await waiting("p02")).toBe(1);
    expect(await waiting("o01")).toBe(0);
    expect(await waiting("n01")).toBe(0);
    const before = await listApproverInbox(h.deps, { user: h.user("p01") });
    expect(before.waiting).toEqual([
      expect.objectContaining({ requestId: request.id, number: request.number, requester: { name: "Nora Requester", upn: "n01@contoso.example" }, approvals: 0, quorum: 1 }),
    ]);
    expect(before.waiting[0]!.decideBy.getTime()).toBeGreaterThan(h.deps.now().getTime() + 23 * 3600_000);
    expect(before.decided).toEqual([]);

    await decideApproval(h.deps, { user: h.user("p01"), input: { requestId: request.id, decision: "deny", reason: "No change ticket" } });
    const after = await listApproverInbox(h.deps, { user: h.user("p01") });
    expect(after.waiting).toEqual([]);
    expect(after.decided).toEqual([expect.objectContaining({ requestId: request.id, status: "denied", myDecision: expect.objectContaining({ kind: "deny", reason: "No change ticket" }) as unknown })]);
    // The other approver has nothing left to decide either.
    expect(await waiting("p02")).toBe(0);
  });

  it("lists the oldest request first", async () => {
    const first = await submit("n01");
    const second = await submit("n02");
    const { waiting: items } = await listApproverInbox(h.deps, { user: h.user("p01") });
    expect(items.map((i) => i.requestId)).toEqual([first.id, second.id]);
  });

  it("drops a request whose approval window has closed", async () => {
    await submit();
    await h.advance(24 * 3600 + 60);
    expect(await waiting("p01")).toBe(0);
  });
});

describe("getInboxApproval and assertRoutedApprover (the inbox's way to the approval page)", () => {
  it("opens a routed request for its approver with the live checks, and nothing for anyone else", async () => {
    const request = await submit();
    const view = await getInboxApproval(h.deps, { user: h.user("p01"), requestId: request.id });
    expect(view).toMatchObject({ request: { id: request.id }, myDecision: null, check: { allowed: true }, message: null });
    await expect(assertRoutedApprover(h.deps, { user: h.user("p01"), requestId: request.id })).resolves.toBeUndefined();

    for (const who of ["o01", "n02", "n01"] as const) {
      await expect(getInboxApproval(h.deps, { user: h.user(who), requestId: request.id })).rejects.toMatchObject({ code: "not_found" });
      await expect(assertRoutedApprover(h.deps, { user: h.user(who), requestId: request.id })).rejects.toMatchObject({ code: "not_found" });
    }
    await expect(assertRoutedApprover(h.deps, { user: h.user("p01"), requestId: "not-a-uuid" })).rejects.toMatchObject({ code: "not_found" });
  });

  it("re-checks group membership live: a removed approver sees the request but cannot decide", async () => {
    const request = await submit();
    h.emu.services.directory.removeMember(id.approver, id.p02);
    const view = await getInboxApproval(h.deps, { user: h.user("p02"), requestId: request.id });
    expect(view.check).toEqual({ allowed: false, reason: "not_member" });
    expect(view.message).toContain("not a member of the approver group");
  });

  it("shows the approver's own decision afterwards, and who decided to the others", async () => {
    const request = await submit();
    await decideApproval(h.deps, { user: h.user("p01"), input: { requestId: request.id, decision: "approve", reason: "Ticket CHG-7 checked" } });
    const mine = await getInboxApproval(h.deps, { user: h.user("p01"), requestId: request.id });
    expect(mine).toMatchObject({ myDecision: { kind: "approve", reason: "Ticket CHG-7 checked" }, check: { allowed: false, reason: "already_decided" } });
    const other = await getInboxApproval(h.deps, { user: h.user("p02"), requestId: request.id });
    expect(other.check).toEqual({ allowed: false, reason: "not_pending" });
    expect(other.message).toContain("approved by Priya Approver");
  });

  it("refuses after PIM's approval window, before the worker has even noticed", async () => {
    const request = await submit();
    await h.advance(24 * 3600 + 60);
    const view = await getInboxApproval(h.deps, { user: h.user("p01"), requestId: request.id });
    expect(view.check).toEqual({ allowed: false, reason: "expired" });
    await expect(assertRoutedApprover(h.deps, { user: h.user("p01"), requestId: request.id })).rejects.toMatchObject({ code: "conflict" });
  });
});

describe("getRequestDetails", () => {
  it("gives the requester the request, who it was routed to, and its audit trail in order", async () => {
    const request = await submit();
    await decideApproval(h.deps, { user: h.user("p02"), input: { requestId: request.id, decision: "deny", reason: "Not during the freeze" } });
    const details = await getRequestDetails(h.deps, { user: h.user("n01"), requestId: request.id, isAuditor: false });
    expect(details.isRequester).toBe(true);
    expect(details.request.status).toBe("denied");
    expect(details.routedTo).toEqual(
      expect.arrayContaining([
        { id: id.p01, name: "Priya Approver", email: "p01@contoso.example", decision: null },
        { id: id.p02, name: "Paul Approver", email: "p02@contoso.example", decision: "deny" },
      ]),
    );
    const actions = details.timeline.map((e) => e.action);
    expect(actions[0]).toBe("request.submitted");
    expect(actions).toEqual(expect.arrayContaining(["request.routed", "approval.decided", "request.denied"]));
    expect(actions.indexOf("approval.decided")).toBeLessThan(actions.indexOf("request.denied"));
    const seqs = details.timeline.map((e) => BigInt(e.seq));
    expect([...seqs].sort((a, b) => (a < b ? -1 : 1))).toEqual(seqs);
    expect(details.timeline.find((e) => e.action === "approval.decided")).toMatchObject({ actor: { name: "Paul Approver" }, data: { reason: "Not during the freeze" } });
    expect(details.timeline[0]).not.toHaveProperty("ip");
  });

  it("shows a routed approver the request, and nobody else (same answer as an unknown id)", async () => {
    const request = await submit();
    const approver = await getRequestDetails(h.deps, { user: h.user("p01"), requestId: request.id, isAuditor: false });
    expect(approver.isRequester).toBe(false);
    await expect(getRequestDetails(h.deps, { user: h.user("n02"), requestId: request.id, isAuditor: false })).rejects.toMatchObject({ code: "not_found" });
    await expect(getRequestDetails(h.deps, { user: h.user("n02"), requestId: "00000000-0000-4000-8000-000000000000", isAuditor: false })).rejects.toMatchObject({ code: "not_found" });
    const auditor = await getRequestDetails(h.deps, { user: h.user("a01"), requestId: request.id, isAuditor: true });
    expect(auditor.request.id).toBe(request.id);
  });
});

describe("describeApprovalLink", () => {
  it("names the approver an emailed link belongs to, and nothing for a forged or truncated one", async () => {
    const request = await submit();
    const token = linkTokenIn((await h.mail("p01@contoso.example"))[0]!);
    expect(await describeApprovalLink(h.deps, { token })).toEqual({
      requestId: request.id,
      approverEmail: "p01@contoso.example",
      approverName: "Priya Approver",
      requesterId: id.n01,
    });
    expect(await describeApprovalLink(h.deps, { token: token.slice(0, -1) })).toBeNull();
    expect(await describeApprovalLink(h.deps, { token: "A".repeat(43) })).toBeNull();
  });
});
