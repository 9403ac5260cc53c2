/**
 * The PIM collections (entra-graph-api.md §3.2, §4.1, §4.2, §4.6): required filters, filterByCurrentUser with
 * the allowed `on` values, nested (group) eligibility, `$expand`, `$top` paging, `$orderby`, get by id.
 */
import { PageIterator, type PageCollection } from "@microsoft/microsoft-graph-client";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTestEmulator, type TestEmulator } from "../support/emulator";
import { adminCapableTenant, appGraph, GRAPH, graphError, id, PIM, postRequest, requestBody, userGraph } from "./pim-test-kit";

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

interface Collection<T = Record<string, unknown>> {
  "@odata.context": string;
  "@odata.nextLink"?: string;
  value: T[];
}

describe("eligibilities", () => {
  it("shows n01 the admin eligibility inherited from the default group (memberType Group)", async () => {
    const n01 = await userGraph(emu, "n01@contoso.example");
    const page = (await n01
      .api(`${PIM}/eligibilityScheduleInstances/filterByCurrentUser(on='principal')`)
      .filter(`groupId eq '${id.admin}'`)
      .get()) as Collection;
    expect(page["@odata.context"]).toBe(`${emu.url}/v1.0/$metadata#Collection(microsoft.graph.privilegedAccessGroupEligibilityScheduleInstance)`);
    expect(page.value).toHaveLength(1);
    expect(page.value[0]).toMatchObject({
      "@odata.type": "#microsoft.graph.privilegedAccessGroupEligibilityScheduleInstance",
      principalId: id.n01,
      groupId: id.admin,
      accessId: "member",
      memberType: "Group",
      startDateTime: "2026-01-01T00:00:00.0000000Z",
      endDateTime: null,
    });
    expect(String(page.value[0]!.eligibilityScheduleId)).toMatch(new RegExp(`^${id.admin}_member_[0-9a-f-]{36}$`));
  });

  it("lists the group-held eligibility for an app token filtered by groupId, with $expand of group and principal", async () => {
    const app = await appGraph(emu);
    const page = (await app
      .api(`${PIM}/eligibilityScheduleInstances`)
      .filter(`groupId eq '${id.admin}'`)
      .expand("group($select=id,displayName),principal")
      .get()) as Collection<{ principalId: string; memberType: string; group: Record<string, unknown>; principal: Record<string, unknown> }>;
    expect(page.value).toHaveLength(1);
    expect(page.value[0]).toMatchObject({ principalId: id.defaultGroup, memberType: "Direct", principal: { id: id.defaultGroup, displayName: "default" } });
    expect(page.value[0]!.group).toEqual({ "@odata.type": "#microsoft.graph.group", id: id.admin, displayName: "admin" });
  });

  it("shows the inherited eligibility schedule too, pointing at the group's schedule", async () => {
    const n01 = await userGraph(emu, "n01@contoso.example");
    const schedules = (await n01.api(`${PIM}/eligibilitySchedules/filterByCurrentUser(on='principal')`).get()) as Collection<{ id: string; memberType: string; principalId: string }>;
    const instances = (await n01.api(`${PIM}/eligibilityScheduleInstances/filterByCurrentUser(on='principal')`).get()) as Collection<{ eligibilityScheduleId: string }>;
    expect(schedules.value).toEqual([expect.objectContaining({ memberType: "Group", principalId: id.n01, id: instances.value[0]!.eligibilityScheduleId })]);
  });

  it("shows nothing to p01, who is not eligible", async () => {
    const p01 = await userGraph(emu, "p01@contoso.example");
    const page = (await p01.api(`${PIM}/eligibilityScheduleInstances/filterByCurrentUser(on='principal')`).get()) as Collection;
    expect(page.value).toEqual([]);
  });

  it("returns the eligibility schedule by id", async () => {
    const app = await appGraph(emu);
    const page = (await app.api(`${PIM}/eligibilitySchedules`).filter(`principalId eq '${id.defaultGroup}'`).get()) as Collection<{ id: string }>;
    const one = (await app.api(`${PIM}/eligibilitySchedules/${page.value[0]!.id}`).get()) as Record<string, unknown>;
    expect(one).toMatchObject({ id: page.value[0]!.id, status: "Provisioned", memberType: "Direct", scheduleInfo: { expiration: { type: "noExpiration" } } });
    expect(one["@odata.context"]).toContain("#identityGovernance/privilegedAccess/group/eligibilitySchedules/$entity");
  });
});

describe("filters", () => {
  it.each(["eligibilityScheduleInstances", "eligibilitySchedules", "eligibilityScheduleRequests", "assignmentScheduleInstances", "assignmentSchedules", "assignmentScheduleRequests"])(
    "requires a groupId or principalId filter on %s",
    async (segment) => {
      const app = await appGraph(emu);
      const missing = await graphError(app.api(`${PIM}/${segment}`).get());
      expect(missing.statusCode).toBe(400);
      expect(missing.code).toBe("BadRequest");
      const other = await graphError(app.api(`${PIM}/${segment}`).filter("accessId eq 'member'").get());
      expect(other.statusCode).toBe(400);
      const ok = (await app.api(`${PIM}/${segment}`).filter(`groupId eq '${id.admin}'`).get()) as Collection;
      expect(Array.isArray(ok.value)).toBe(true);
    },
  );

  it("accepts only the documented `on` values per collection", async () => {
    const n01 = await userGraph(emu, "n01@contoso.example");
    expect((await graphError(n01.api(`${PIM}/assignmentScheduleInstances/filterByCurrentUser(on='approver')`).get())).statusCode).toBe(400);
    expect((await graphError(n01.api(`${PIM}/eligibilitySchedules/filterByCurrentUser(on='createdBy')`).get())).statusCode).toBe(400);
    for (const on of ["principal", "createdBy", "approver"]) {
      const page = (await n01.api(`${PIM}/assignmentScheduleRequests/filterByCurrentUser(on='${on}')`).get()) as Collection;
      expect(page.value).toEqual([]);
    }
    // The docs sometimes print the parameter unquoted; that form works too.
    expect(((await n01.api(`${PIM}/eligibilityScheduleInstances/filterByCurrentUser(on=principal)`).get()) as Collection).value).toHaveLength(1);
  });

  it("refuses a delegated group listing to someone who is neither member, owner nor admin", async () => {
    const n01 = await userGraph(emu, "n01@contoso.example");
    const error = await graphError(n01.api(`${PIM}/assignmentScheduleInstances`).filter(`groupId eq '${id.admin}'`).get());
    expect(error.statusCode).toBe(403);
    const o01 = await userGraph(emu, "o01@contoso.example");
    expect(((await o01.api(`${PIM}/assignmentScheduleInstances`).filter(`groupId eq '${id.admin}'`).get()) as Collection).value).toEqual([]);
  });

  it("lists the caller's pending requests with a combined $filter, newest first", async () => {
    const n01 = await userGraph(emu, "n01@contoso.example");
    const first = await postRequest(n01, requestBody({ action: "selfActivate" }));
    await n01.api(`${PIM}/assignmentScheduleRequests/${first.id}/cancel`).post({});
    await emu.hooks.advanceClock(5);
    const second = await postRequest(await userGraph(emu, "n01@contoso.example"), requestBody({ action: "selfActivate" }));
    const n01b = await userGraph(emu, "n01@contoso.example");
    const pending = (await n01b
      .api(`${PIM}/assignmentScheduleRequests/filterByCurrentUser(on='principal')`)
      .filter(`status eq 'PendingApproval' and groupId eq '${id.admin}'`)
      .get()) as Collection<{ id: string }>;
    expect(pending.value.map((r) => r.id)).toEqual([second.id]);
    const all = (await n01b.api(`${PIM}/assignmentScheduleRequests`).filter(`principalId eq '${id.n01}'`).orderby("createdDateTime desc").get()) as Collection<{ id: string }>;
    expect(all.value.map((r) => r.id)).toEqual([second.id, first.id]);
  });

  it("lists the requests p01 can approve, but not to their requester", async () => {
    const created = await postRequest(await userGraph(emu, "n01@contoso.example"), requestBody({ action: "selfActivate" }));
    const p01 = await userGraph(emu, "p01@contoso.example");
    const mine = (await p01.api(`${PIM}/assignmentScheduleRequests/filterByCurrentUser(on='approver')`).get()) as Collection<{ id: string }>;
    expect(mine.value.map((r) => r.id)).toEqual([created.id]);
    const o01 = await userGraph(emu, "o01@contoso.example");
    expect(((await o01.api(`${PIM}/assignmentScheduleRequests/filterByCurrentUser(on='approver')`).get()) as Collection).value).toEqual([]);
  });
});

describe("expansion, paging and casing", () => {
  it("expands targetSchedule and activatedUsing of an approved activation", async () => {
    const n01 = await userGraph(emu, "n01@contoso.example");
    const created = await postRequest(n01, requestBody({ action: "selfActivate" }));
    const p01 = await userGraph(emu, "p01@contoso.example");
    const approval = (await p01.api(`${PIM}/assignmentApprovals/${created.id}`).expand("stages").get()) as { stages: { id: string }[] };
    await p01.api(`${PIM}/assignmentApprovals/${created.id}/stages/${approval.stages[0]!.id}`).patch({ reviewResult: "Approve", justification: "ok" });

    const request = (await n01.api(`${PIM}/assignmentScheduleRequests/${created.id}`).expand("targetSchedule,activatedUsing").get()) as Record<string, { id: string; assignmentType?: string; principalId?: string }>;
    expect(request.targetSchedule).toMatchObject({ id: created.targetScheduleId, assignmentType: "Activated", status: "Provisioned" });
    expect(request.activatedUsing).toMatchObject({ principalId: id.defaultGroup });
    const instances = (await n01.api(`${PIM}/assignmentScheduleInstances/filterByCurrentUser(on='principal')`).expand("activatedUsing").get()) as Collection<Record<string, unknown>>;
    expect(instances.value[0]).toMatchObject({ assignmentType: "Activated", memberType: "Direct", assignmentScheduleId: created.targetScheduleId, activatedUsing: { memberType: "Direct" } });
  });

  it("pages with $top and an absolute nextLink the SDK's PageIterator follows", async () => {
    const app = await appGraph(emu);
    for (const principalId of [id.n02, id.p01, id.p02]) await postRequest(app, requestBody({ action: "adminAssign", principalId }));
    const first = (await app.api(`${PIM}/assignmentScheduleRequests`).filter(`groupId eq '${id.admin}'`).top(2).get()) as PageCollection;
    expect(first.value).toHaveLength(2);
    expect(first["@odata.nextLink"]).toMatch(new RegExp(`^${emu.url}/v1\\.0/identityGovernance/`));
    const ids: string[] = [];
    await new PageIterator(app, first, (item: { id: string }) => {
      ids.push(item.id);
      return true;
    }).iterate();
    expect(new Set(ids).size).toBe(3);
  });

  it("emits memberType and assignmentType in lower case when the option says so", async () => {
    await emu.hooks.patchOptions({ enumCasing: "lower" });
    const app = await appGraph(emu);
    await postRequest(app, requestBody({ action: "adminAssign", principalId: id.n02 }));
    const page = (await app.api(`${PIM}/assignmentScheduleInstances`).filter(`groupId eq '${id.admin}' and memberType eq 'Direct'`).get()) as Collection;
    expect(page.value[0]).toMatchObject({ memberType: "direct", assignmentType: "assigned" });
  });

  it("answers an unknown id with 404 and an unknown $expand with 400", async () => {
    const app = await appGraph(emu);
    expect((await graphError(app.api(`${PIM}/assignmentSchedules/${id.admin}_member_00000000-0000-4000-8000-000000000000`).get())).statusCode).toBe(404);
    expect((await graphError(app.api(`${PIM}/eligibilityScheduleInstances`).filter(`groupId eq '${id.admin}'`).expand("owners").get())).statusCode).toBe(400);
  });

  it("answers a token without the read scope with PIM's double-wrapped 403 naming the accepted scopes", async () => {
    // Entra puts every consented scope into a delegated token, so the variant tenant consents only User.Read.
    emu.loadFixture(adminCapableTenant((f) => void (f.applications[0]!.delegatedPermissions[GRAPH] = ["openid", "profile", "offline_access", "User.Read"])));
    const n01 = await userGraph(emu, "n01@contoso.example", ["User.Read"]);
    const error = await graphError(n01.api(`${PIM}/eligibilitySchedules/filterByCurrentUser(on='principal')`).get());
    expect(error.statusCode).toBe(403);
    expect(error.code).toBe("UnknownError");
    expect(JSON.parse(error.message)).toEqual({
      errorCode: "PermissionScopeNotGranted",
      message: expect.stringContaining("PrivilegedEligibilitySchedule.Read.AzureADGroup,PrivilegedEligibilitySchedule.ReadWrite.AzureADGroup") as unknown,
      instanceAnnotations: [],
    });
  });
});
