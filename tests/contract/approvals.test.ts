/**
 * PIM-native approvals (entra-graph-api.md §5) through the real graph-client: reading an approval and its
 * stages, the approver inbox, and approve/deny with every documented refusal.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTestEmulator, type TestEmulator } from "../support/emulator";
import { adminCapableTenant, appGraph, decide, graphError, id, PIM, postRequest, requestBody, stagesOf, transitiveMemberIds, userGraph, type PimRequest } from "./pim-test-kit";

let emu: TestEmulator;
let request: PimRequest;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(async () => {
  await emu?.stop();
});
beforeEach(async () => {
  emu.loadFixture(adminCapableTenant());
  request = await postRequest(await userGraph(emu, "n01@contoso.example"), requestBody({ action: "selfActivate" }));
});

const approvalUrl = () => `${PIM}/assignmentApprovals/${request.id}`;

describe("reading approvals", () => {
  it("returns the approval with its stages when expanded, in the documented shape", async () => {
    const p01 = await userGraph(emu, "p01@contoso.example");
    const approval = (await p01.api(approvalUrl()).expand("stages").get()) as Record<string, unknown>;
    expect(approval["@odata.context"]).toBe(`${emu.url}/v1.0/$metadata#identityGovernance/privilegedAccess/group/assignmentApprovals(stages())/$entity`);
    expect(approval.id).toBe(request.id);
    expect(approval.stages).toEqual([
      { id: expect.stringMatching(/^[0-9a-f-]{36}$/) as unknown, displayName: null, reviewedDateTime: null, reviewResult: "NotReviewed", status: "InProgress", assignedToMe: true, justification: "", reviewedBy: null },
    ]);
  });

  it("returns stages without $expand by default and leaves them out when the option is off", async () => {
    const p01 = await userGraph(emu, "p01@contoso.example");
    expect(((await p01.api(approvalUrl()).get()) as { stages?: unknown[] }).stages).toHaveLength(1);
    await emu.hooks.patchOptions({ stagesWithoutExpand: false });
    expect(((await p01.api(approvalUrl()).get()) as { stages?: unknown[] }).stages).toBeUndefined();
  });

  it("serves the stages collection and a single stage", async () => {
    const p02 = await userGraph(emu, "p02@contoso.example");
    const stages = (await p02.api(`${approvalUrl()}/stages`).get()) as { value: { id: string; assignedToMe: boolean }[] };
    expect(stages.value).toHaveLength(1);
    const one = (await p02.api(`${approvalUrl()}/stages/${stages.value[0]!.id}`).get()) as { id: string; assignedToMe: boolean };
    expect(one).toMatchObject({ id: stages.value[0]!.id, assignedToMe: true });
  });

  it("lists approvals awaiting the caller: both approvers see it, the requester and the owner do not", async () => {
    for (const upn of ["p01@contoso.example", "p02@contoso.example"]) {
      const client = await userGraph(emu, upn);
      const inbox = (await client.api(`${PIM}/assignmentApprovals/filterByCurrentUser(on='approver')`).get()) as { value: Record<string, unknown>[] };
      expect(inbox.value).toEqual([expect.objectContaining({ "@odata.type": "#microsoft.graph.approval", id: request.id })]);
    }
    for (const upn of ["n01@contoso.example", "o01@contoso.example"]) {
      const client = await userGraph(emu, upn);
      expect(((await client.api(`${PIM}/assignmentApprovals/filterByCurrentUser(on='approver')`).get()) as { value: unknown[] }).value).toEqual([]);
    }
    const p01 = await userGraph(emu, "p01@contoso.example");
    expect((await graphError(p01.api(`${PIM}/assignmentApprovals/filterByCurrentUser(on='target')`).get())).statusCode).toBe(400);
  });

  it("refuses non-approvers with 403, unknown approvals with 404 and app tokens with the double-wrapped 403", async () => {
    const o01 = await userGraph(emu, "o01@contoso.example");
    expect((await graphError(o01.api(approvalUrl()).get())).statusCode).toBe(403);
    const p01 = await userGraph(emu, "p01@contoso.example");
    expect((await graphError(p01.api(`${PIM}/assignmentApprovals/6c5b4a39-0000-4000-8000-00000000e0ff`).get())).statusCode).toBe(404);
    const app = await appGraph(emu);
    const error = await graphError(app.api(approvalUrl()).get());
    expect(error.statusCode).toBe(403);
    expect(JSON.parse(error.message)).toMatchObject({ errorCode: "PermissionScopeNotGranted" });
  });
});

describe("deciding", () => {
  it("approves: the stage records the reviewer and the request is provisioned", async () => {
    const p02 = await userGraph(emu, "p02@contoso.example");
    const [stage] = await stagesOf(p02, request.id);
    const res = await fetch(`${emu.url}/v1.0${approvalUrl()}/stages/${stage!.id}`, {
      method: "PATCH",
      headers: { Authorization: `Bearer ${(await emu.userToken("p02@contoso.example", ["PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup"])).accessToken}`, "Content-Type": "application/json" },
      body: JSON.stringify({ reviewResult: "Approve", justification: "Change ticket verified" }),
    });
    expect(res.status).toBe(204);
    const [after] = await stagesOf(p02, request.id);
    expect(after).toMatchObject({ status: "Completed", reviewResult: "Approved", assignedToMe: false, justification: "Change ticket verified", reviewedBy: { id: id.p02, displayName: "Paul Approver" } });
    expect(after!.reviewedDateTime).toMatch(/Z$/);
    const inbox = (await p02.api(`${PIM}/assignmentApprovals/filterByCurrentUser(on='approver')`).get()) as { value: unknown[] };
    expect(inbox.value).toEqual([]);
    expect(await transitiveMemberIds(await appGraph(emu), id.admin)).toContain(id.n01);
  });

  it("denies through the `steps` alias and adds no membership", async () => {
    const p01 = await userGraph(emu, "p01@contoso.example");
    const [stage] = await stagesOf(p01, request.id);
    await p01.api(`${approvalUrl()}/steps/${stage!.id}`).patch({ reviewResult: "Deny", justification: "Not during the freeze" });
    const after = (await p01.api(`${PIM}/assignmentScheduleRequests/${request.id}`).get()) as { status: string };
    expect(after.status).toBe("Denied");
    expect(await transitiveMemberIds(await appGraph(emu), id.admin)).not.toContain(id.n01);
  });

  it("rejects review results other than Approve/Deny and a missing justification with 400", async () => {
    const p01 = await userGraph(emu, "p01@contoso.example");
    const [stage] = await stagesOf(p01, request.id);
    for (const reviewResult of ["Approved", "Maybe", 1]) {
      const error = await graphError(p01.api(`${approvalUrl()}/stages/${stage!.id}`).patch({ reviewResult, justification: "x" }));
      expect(error.statusCode, String(reviewResult)).toBe(400);
    }
    const noReason = await graphError(p01.api(`${approvalUrl()}/stages/${stage!.id}`).patch({ reviewResult: "Approve" }));
    expect(noReason.statusCode).toBe(400);
    expect((await stagesOf(p01, request.id))[0]?.status).toBe("InProgress");
  });

  it("answers an unknown stage with 404", async () => {
    const p01 = await userGraph(emu, "p01@contoso.example");
    expect((await graphError(decide(p01, request.id, "3d2c1b0a-0000-4000-8000-00000000f0ff", "Approve"))).statusCode).toBe(404);
  });

  it("answers a decision on a cancelled request with 409", async () => {
    const n01 = await userGraph(emu, "n01@contoso.example");
    await n01.api(`${PIM}/assignmentScheduleRequests/${request.id}/cancel`).post({});
    const p01 = await userGraph(emu, "p01@contoso.example");
    const [stage] = await stagesOf(p01, request.id);
    expect((await graphError(decide(p01, request.id, stage!.id, "Approve"))).statusCode).toBe(409);
  });

  it("resolves approver groups directly (not transitively) when the option says so", async () => {
    emu.loadFixture(
      adminCapableTenant((f) => {
        // p01 now reaches the approver group only through a nested group.
        f.groups.push({ id: "9a8b7c6d-0000-4000-8000-00000000b009", displayName: "approver-leads", mailNickname: "approver-leads", members: [id.p01], owners: [] });
        const approver = f.groups.find((g) => g.id === id.approver)!;
        approver.members = [id.p02, "9a8b7c6d-0000-4000-8000-00000000b009"];
      }),
    );
    const created = await postRequest(await userGraph(emu, "n01@contoso.example"), requestBody({ action: "selfActivate" }));
    const p01 = await userGraph(emu, "p01@contoso.example");
    expect((await stagesOf(p01, created.id))[0]?.assignedToMe).toBe(true);
    await emu.hooks.patchOptions({ approverGroupMembersTransitive: false });
    expect((await graphError(p01.api(`${PIM}/assignmentApprovals/${created.id}`).get())).statusCode).toBe(403);
  });
});
