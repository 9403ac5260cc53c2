/**
 * Ending an activation: early by the requester (scheduled inside PIM's 5-minute floor), with session
 * revocation, and removals made outside the app that the worker must notice.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { listActiveInstances } from "@/lib/entra/pim";
import { decideApproval } from "@/lib/requests/decide-approval";
import { deactivateRequest } from "@/lib/requests/deactivate-request";
import { getRequest } from "@/lib/requests/get-request";
import { submitRequest } from "@/lib/requests/submit-request";
import { auditActions, id, startHarness, type Harness } from "./harness";

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

async function activeRequest() {
  const { request } = await submitRequest(h.deps, {
    user: h.user("n01"),
    input: { targetId: "aks-prod", durationMinutes: 120, justification: "Node pool upgrade on prod" },
  });
  await decideApproval(h.deps, { user: h.user("p01"), input: { requestId: request.id, decision: "approve", reason: "Change verified" } });
  await h.runJobs();
  const view = await getRequest(h.deps, { user: h.user("n01"), requestId: request.id, isAuditor: false });
  expect(view.status).toBe("active");
  return view;
}

const instancesOfN01 = () => listActiveInstances(h.deps.graph.app(), { groupId: id.admin, principalId: id.n01 });

describe("early deactivation by the requester", () => {
  it("inside the 5-minute floor it is scheduled, then done by the worker with the requester's token", async () => {
    const request = await activeRequest();
    const r = await deactivateRequest(h.deps, { user: h.user("n01"), requestId: request.id, revokeSessions: true });
    expect(r.outcome).toBe("scheduled");
    if (r.outcome !== "scheduled") return;
    expect(r.at.getTime()).toBeGreaterThanOrEqual(request.activatedAt!.getTime() + 5 * 60_000);
    expect(r.request.deactivateAt?.getTime()).toBe(r.at.getTime());
    expect(await instancesOfN01()).toHaveLength(1);

    await h.runJobs(); // nothing due yet
    expect(await instancesOfN01()).toHaveLength(1);

    await h.advance(6 * 60);
    await h.runJobs();
    expect(await instancesOfN01()).toEqual([]);
    const view = await getRequest(h.deps, { user: h.user("n01"), requestId: request.id, isAuditor: false });
    expect(view).toMatchObject({ status: "deactivated", deactivateAt: null });
    expect(await auditActions(h, request.id)).toEqual(
      expect.arrayContaining(["request.deactivation_scheduled", "request.deactivated", "session.revoked"]),
    );
    const deactivated = await h.testDb.db.auditEvent.findFirstOrThrow({ where: { requestId: request.id, action: "request.deactivated" } });
    expect(deactivated.data).toMatchObject({ source: "scheduled", revokeSessions: true });
  });

  it("after the floor it ends at once", async () => {
    const request = await activeRequest();
    await h.advance(6 * 60);
    const r = await deactivateRequest(h.deps, { user: h.user("n01"), requestId: request.id });
    expect(r).toMatchObject({ outcome: "deactivated", request: { status: "deactivated" } });
    expect(await instancesOfN01()).toEqual([]);
    await h.runJobs();
    expect((await h.mail("n01@contoso.example")).some((m) => m.subject.includes("Ended"))).toBe(true);
  });

  it("nobody else can end someone's access", async () => {
    const request = await activeRequest();
    await expect(deactivateRequest(h.deps, { user: h.user("p01"), requestId: request.id })).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("removals outside the app", () => {
  it("notices an administrator's adminRemove in PIM", async () => {
    const request = await activeRequest();
    await h.advance(6 * 60);
    await h.deps.graph
      .app()
      .api("/identityGovernance/privilegedAccess/group/assignmentScheduleRequests")
      .post({ accessId: "member", principalId: id.n01, groupId: id.admin, action: "adminRemove", justification: "incident response" });
    await h.runJobs();
    const view = await getRequest(h.deps, { user: h.user("n01"), requestId: request.id, isAuditor: false });
    expect(view.status).toBe("deactivated");
    const event = await h.testDb.db.auditEvent.findFirstOrThrow({ where: { requestId: request.id, action: "request.deactivated" } });
    expect(event.data).toMatchObject({ source: "outside_app" });
  });

  it("notices a membership removed through the groups API", async () => {
    const request = await activeRequest();
    await h.advance(6 * 60);
    h.emu.services.directory.removeMember(id.admin, id.n01);
    await h.runJobs();
    const view = await getRequest(h.deps, { user: h.user("n01"), requestId: request.id, isAuditor: false });
    expect(view.status).toBe("deactivated");
  });
});
