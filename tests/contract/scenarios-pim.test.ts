/**
 * End-to-end PIM-for-Groups scenarios of the seeded tenant (design.md §2, entra-graph-api.md §4–§6) through the
 * real graph-client over HTTPS: activation with and without approval, decisions, expiry and the errors the
 * app must handle.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTestEmulator, type TestEmulator } from "../support/emulator";
import {
  adminCapableTenant,
  appGraph,
  decide,
  graphError,
  id,
  noApproval,
  patchMemberRule,
  PIM,
  postRequest,
  requestBody,
  stagesOf,
  transitiveMemberIds,
  userGraph,
} from "./pim-test-kit";

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(async () => {
  await emu?.stop();
});
beforeEach(() => {
  emu.loadFixture(adminCapableTenant());
});

describe("activation without approval", () => {
  it("n01 self-activates after the approval rule is switched off and becomes a transitive member of admin", async () => {
    await patchMemberRule(await appGraph(emu), id.admin, "Approval_EndUser_Assignment", noApproval);
    const n01 = await userGraph(emu, "n01@contoso.example");
    const created = await postRequest(n01, requestBody({ action: "selfActivate" }));
    expect(created).toMatchObject({ status: "Provisioned", approvalId: null, action: "selfActivate", principalId: id.n01 });
    expect(created.targetScheduleId).toBe(`${id.admin}_member_${created.id}`);
    expect(await transitiveMemberIds(await appGraph(emu), id.admin)).toContain(id.n01);
  });
});

describe("activation with approval", () => {
  it("stays PendingApproval until p01 approves, then n01 is a member until the end time", async () => {
    const n01 = await userGraph(emu, "n01@contoso.example");
    const created = await postRequest(n01, requestBody({ action: "selfActivate", duration: "PT1H" }));
    expect(created.status).toBe("PendingApproval");
    expect(created.approvalId).toBe(created.id);
    const app = await appGraph(emu);
    expect(await transitiveMemberIds(app, id.admin)).not.toContain(id.n01);

    const p01 = await userGraph(emu, "p01@contoso.example");
    const [stage] = await stagesOf(p01, created.id);
    expect(stage).toMatchObject({ status: "InProgress", reviewResult: "NotReviewed", assignedToMe: true });
    await decide(p01, created.id, stage!.id, "Approve");

    const after = (await n01.api(`${PIM}/assignmentScheduleRequests/${created.id}`).get()) as { status: string };
    expect(after.status).toBe("Provisioned");
    expect(await transitiveMemberIds(app, id.admin)).toContain(id.n01);

    await emu.hooks.advanceClock(61 * 60);
    expect(await transitiveMemberIds(app, id.admin)).not.toContain(id.n01);
  });

  it("refuses the owner-only o01 and the requester n01 as approvers", async () => {
    const n01 = await userGraph(emu, "n01@contoso.example");
    const created = await postRequest(n01, requestBody({ action: "selfActivate" }));
    const p01 = await userGraph(emu, "p01@contoso.example");
    const [stage] = await stagesOf(p01, created.id);
    const o01 = await userGraph(emu, "o01@contoso.example");
    expect((await graphError(decide(o01, created.id, stage!.id, "Approve"))).statusCode).toBe(403);
    expect((await graphError(decide(n01, created.id, stage!.id, "Approve"))).statusCode).toBe(403);
  });
});

describe("decisions and time", () => {
  it("answers a second decision on the same stage with 409 and keeps the first one", async () => {
    const created = await postRequest(await userGraph(emu, "n01@contoso.example"), requestBody({ action: "selfActivate" }));
    const p01 = await userGraph(emu, "p01@contoso.example");
    const p02 = await userGraph(emu, "p02@contoso.example");
    const [stage] = await stagesOf(p01, created.id);
    await decide(p01, created.id, stage!.id, "Deny", "No change ticket");
    const second = await graphError(decide(p02, created.id, stage!.id, "Approve"));
    expect(second.statusCode).toBe(409);
    const [after] = await stagesOf(p02, created.id);
    expect(after).toMatchObject({ status: "Completed", reviewResult: "Denied", justification: "No change ticket", reviewedBy: { id: id.p01, displayName: "Priya Approver" } });
    const request = (await p01.api(`${PIM}/assignmentScheduleRequests/${created.id}`).get()) as { status: string };
    expect(request.status).toBe("Denied");
  });

  it("ends an undecided request after 24 hours with the configured status and an expired stage", async () => {
    const created = await postRequest(await userGraph(emu, "n01@contoso.example"), requestBody({ action: "selfActivate" }));
    await emu.hooks.advanceClock(24 * 3600 + 1);
    const p01 = await userGraph(emu, "p01@contoso.example");
    const [stage] = await stagesOf(p01, created.id);
    expect(stage).toMatchObject({ status: "Expired", assignedToMe: false });
    const request = (await p01.api(`${PIM}/assignmentScheduleRequests/${created.id}`).get()) as { status: string };
    expect(request.status).toBe("Canceled");
    expect((await graphError(decide(p01, created.id, stage!.id, "Approve"))).statusCode).toBe(409);
  });

  it("uses TimedOut as the terminal status when the option says so", async () => {
    await emu.hooks.patchOptions({ approvalTimeoutStatus: "TimedOut" });
    const created = await postRequest(await userGraph(emu, "n01@contoso.example"), requestBody({ action: "selfActivate" }));
    await emu.hooks.advanceClock(24 * 3600 + 1);
    const n01 = await userGraph(emu, "n01@contoso.example");
    const request = (await n01.api(`${PIM}/assignmentScheduleRequests/${created.id}`).get()) as { status: string };
    expect(request.status).toBe("TimedOut");
  });

  it("refuses deactivation within five minutes with Microsoft's exact message, then revokes and removes the membership", async () => {
    await patchMemberRule(await appGraph(emu), id.admin, "Approval_EndUser_Assignment", noApproval);
    const n01 = await userGraph(emu, "n01@contoso.example");
    await postRequest(n01, requestBody({ action: "selfActivate" }));
    const early = await graphError(postRequest(n01, requestBody({ action: "selfDeactivate" })));
    expect(early.statusCode).toBe(400);
    expect(early.code).toBe("ActiveDurationTooShort");
    expect(early.message).toBe("The Active duration is too short. Miniumum Required is 5 minutes.");

    await emu.hooks.advanceClock(5 * 60);
    const revoked = await postRequest(n01, requestBody({ action: "selfDeactivate" }));
    expect(revoked.status).toBe("Revoked");
    expect(await transitiveMemberIds(await appGraph(emu), id.admin)).not.toContain(id.n01);
    const again = await graphError(postRequest(n01, requestBody({ action: "selfDeactivate" })));
    expect(again.code).toBe("RoleAssignmentDoesNotExist");
  });

  it("starts a future activation at its start time (Granted, then Provisioned and a member)", async () => {
    await patchMemberRule(await appGraph(emu), id.admin, "Approval_EndUser_Assignment", noApproval);
    const n01 = await userGraph(emu, "n01@contoso.example");
    const start = new Date(emu.services.clock.nowMs() + 30 * 60_000).toISOString();
    const created = await postRequest(n01, requestBody({ action: "selfActivate", startDateTime: start }));
    expect(created.status).toBe("Granted");
    const app = await appGraph(emu);
    expect(await transitiveMemberIds(app, id.admin)).not.toContain(id.n01);
    await emu.hooks.advanceClock(31 * 60);
    expect(await transitiveMemberIds(app, id.admin)).toContain(id.n01);
    const after = (await n01.api(`${PIM}/assignmentScheduleRequests/${created.id}`).get()) as { status: string };
    expect(after.status).toBe("Provisioned");
  });
});

describe("emulator UI summary", () => {
  it("shows eligibilities, the pending approval, then the active membership and the request history", async () => {
    const n01 = await userGraph(emu, "n01@contoso.example");
    const created = await postRequest(n01, requestBody({ action: "selfActivate", justification: "INC-1 summary check" }));
    type Summaries = { summaries: { pim: Record<string, Record<string, unknown>[]>; policies: Record<string, unknown>[]; arm: { managedClusters: unknown[] } } };
    const pending = (await emu.hooks.state()) as unknown as Summaries;
    expect(pending.summaries.pim.eligibilities).toEqual([expect.objectContaining({ group: "admin", principal: "default" })]);
    expect(pending.summaries.pim.pendingApprovals).toEqual([expect.objectContaining({ id: created.id, requester: "Nora Requester", approvers: ["approver"] })]);
    expect(pending.summaries.policies).toEqual(expect.arrayContaining([expect.objectContaining({ group: "admin", accessId: "member", isApprovalRequired: true, maximumActivation: "PT8H" })]));
    expect(pending.summaries.arm.managedClusters).toHaveLength(1);

    const p01 = await userGraph(emu, "p01@contoso.example");
    const [stage] = await stagesOf(p01, created.id);
    await decide(p01, created.id, stage!.id, "Approve");
    const active = (await emu.hooks.state()) as unknown as Summaries;
    expect(active.summaries.pim.pendingApprovals).toEqual([]);
    expect(active.summaries.pim.activeMemberships).toEqual([expect.objectContaining({ who: "Nora Requester", group: "admin", assignmentType: "Activated" })]);
    expect(active.summaries.pim.recentRequests?.[0]).toMatchObject({ status: "Provisioned", requester: "Nora Requester", justification: "INC-1 summary check" });
  });
});
