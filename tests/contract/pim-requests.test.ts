/**
 * POST …/assignmentScheduleRequests and …/cancel (entra-graph-api.md §3.5, §4.3–§4.7, §4.10) through the real
 * graph-client: response shape, defaults, admin actions with app tokens, validation-only, authentication context,
 * cancellation and the option-controlled edge cases.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTestEmulator, type TestEmulator } from "../support/emulator";
import {
  adminCapableTenant,
  appGraph,
  delegatedToken,
  graphError,
  id,
  PIM,
  pimScopes,
  postRequest,
  requestBody,
  seededTenant,
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

describe("selfActivate response", () => {
  it("is 201 with the documented request shape", async () => {
    const token = await delegatedToken(emu, "n01@contoso.example");
    const res = await fetch(`${emu.url}/v1.0${PIM}/assignmentScheduleRequests`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", "client-request-id": "11111111-2222-4333-8444-555555555555" },
      body: JSON.stringify({ ...requestBody({ action: "SelfActivate", startDateTime: "2020-01-01T00:00:00Z" }), accessId: "Member" }),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get("client-request-id")).toBe("11111111-2222-4333-8444-555555555555");
    expect(res.headers.get("request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const body = (await res.json()) as Record<string, unknown> & { scheduleInfo: { startDateTime: string } };
    expect(body["@odata.context"]).toBe(`${emu.url}/v1.0/$metadata#identityGovernance/privilegedAccess/group/assignmentScheduleRequests/$entity`);
    expect(body).toMatchObject({
      status: "PendingApproval",
      completedDateTime: null,
      customData: null,
      createdBy: { user: { id: id.n01, displayName: null } },
      action: "selfActivate",
      isValidationOnly: false,
      justification: "Hotfix INC-4711 on prod cluster",
      ticketInfo: { ticketNumber: null, ticketSystem: null },
      principalId: id.n01,
      accessId: "member",
      groupId: id.admin,
    });
    expect(body.approvalId).toBe(body.id);
    expect(body.targetScheduleId).toBe(`${id.admin}_member_${String(body.id)}`);
    // A start in the past is rewritten to the processing time, with Graph's 7 fractional digits.
    expect(body.scheduleInfo.startDateTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/);
    expect(Date.parse(body.scheduleInfo.startDateTime)).toBeGreaterThan(Date.parse("2025-01-01T00:00:00Z"));
    expect(body.scheduleInfo).toMatchObject({ recurrence: null, expiration: { type: "afterDuration", duration: "PT1H", endDateTime: null } });
  });

  it("echoes the ticket and defaults a missing startDateTime to now", async () => {
    const n01 = await userGraph(emu, "n01@contoso.example");
    const before = emu.services.clock.nowMs();
    const created = await postRequest(n01, requestBody({ action: "selfActivate", ticketNumber: "CHG0012345" }));
    expect(created.ticketInfo).toEqual({ ticketNumber: "CHG0012345", ticketSystem: "ServiceNow" });
    expect(Date.parse(created.scheduleInfo.startDateTime)).toBeGreaterThanOrEqual(before - 1000);
  });

  it("evaluates isValidationOnly without storing anything", async () => {
    const n01 = await userGraph(emu, "n01@contoso.example");
    const checked = await postRequest(n01, requestBody({ action: "selfActivate", isValidationOnly: true }));
    expect(checked).toMatchObject({ status: "PendingApproval", isValidationOnly: true });
    const real = await postRequest(n01, requestBody({ action: "selfActivate" }));
    expect(real.status).toBe("PendingApproval");
    await expect(n01.api(`${PIM}/assignmentScheduleRequests/${checked.id}`).get()).rejects.toMatchObject({ statusCode: 404 });
    // §4.10 order: the duplicate check (step 4) fires before the expiration rule (step 5).
    const both = await graphError(postRequest(n01, requestBody({ action: "selfActivate", duration: "PT12H", isValidationOnly: true })));
    expect(both.code).toBe("PendingRoleAssignmentRequest");
  });
});

describe("caller and eligibility checks", () => {
  it("refuses a selfActivate for someone else with the configured status and code", async () => {
    const n01 = await userGraph(emu, "n01@contoso.example");
    const error = await graphError(postRequest(n01, requestBody({ action: "selfActivate", principalId: id.n02 })));
    expect(error.statusCode).toBe(403);
    expect(error.code).toBe("InvalidRoleAssignmentRequest");
    await emu.hooks.patchOptions({ selfActionMismatch: { status: 400, code: "InvalidRoleAssignmentRequest" } });
    expect((await graphError(postRequest(n01, requestBody({ action: "selfActivate", principalId: id.n02 })))).statusCode).toBe(400);
  });

  it("refuses a user who is not eligible (EligibilityRule, or RoleEligibilityDoesNotExist by option)", async () => {
    const p01 = await userGraph(emu, "p01@contoso.example");
    const error = await graphError(postRequest(p01, requestBody({ action: "selfActivate", principalId: id.p01 })));
    expect(error.code).toBe("RoleAssignmentRequestPolicyValidationFailed");
    expect(error.message).toContain("EligibilityRule");
    await emu.hooks.patchOptions({ missingEligibility: "RoleEligibilityDoesNotExist" });
    expect((await graphError(postRequest(p01, requestBody({ action: "selfActivate", principalId: id.p01 })))).code).toBe("RoleEligibilityDoesNotExist");
  });

  it("returns an authentication-context claims challenge and accepts a token that satisfies it", async () => {
    emu.loadFixture(
      adminCapableTenant((f) => {
        (f.policies as { rules: Record<string, unknown> }[])[0]!.rules.AuthenticationContext_EndUser_Assignment = { isEnabled: true, claimValue: "c1" };
      }),
    );
    const plain = emu.graph(await delegatedToken(emu, "n01@contoso.example"));
    const error = await graphError(postRequest(plain, requestBody({ action: "selfActivate" })));
    expect(error.code).toBe("RoleAssignmentRequestAcrsValidationFailed");
    const claims = /claims=(\{.*\})/.exec(error.message)?.[1];
    expect(JSON.parse(claims ?? "null")).toEqual({ access_token: { acrs: { essential: true, value: "c1" } } });
    const stepped = emu.graph(await delegatedToken(emu, "n01@contoso.example", pimScopes, claims));
    expect((await postRequest(stepped, requestBody({ action: "selfActivate" }))).status).toBe("PendingApproval");
  });
});

describe("admin actions", () => {
  it("lets an app token adminAssign (Assigned, createdBy application) and adminRemove after five minutes", async () => {
    const app = await appGraph(emu);
    const assigned = await postRequest(app, requestBody({ action: "adminAssign", principalId: id.n02, duration: "PT2H" }));
    expect(assigned).toMatchObject({ status: "Provisioned", action: "adminAssign", createdBy: { application: { id: id.appId, displayName: "AKS JIT Access" } } });
    expect(assigned.completedDateTime).not.toBeNull();
    const instances = (await app.api(`${PIM}/assignmentScheduleInstances`).filter(`groupId eq '${id.admin}'`).get()) as { value: Record<string, unknown>[] };
    expect(instances.value).toEqual([expect.objectContaining({ principalId: id.n02, assignmentType: "Assigned", memberType: "Direct", assignmentScheduleId: assigned.targetScheduleId })]);
    expect(await transitiveMemberIds(app, id.admin)).toContain(id.n02);

    expect((await graphError(postRequest(app, requestBody({ action: "adminRemove", principalId: id.n02 })))).code).toBe("ActiveDurationTooShort");
    await emu.hooks.advanceClock(6 * 60);
    const app2 = await appGraph(emu);
    expect((await postRequest(app2, requestBody({ action: "adminRemove", principalId: id.n02 }))).status).toBe("Revoked");
    expect(await transitiveMemberIds(app2, id.admin)).not.toContain(id.n02);
  });

  it("applies the Admin_Assignment rules to adminAssign (P180D maximum, not the PT8H activation limit)", async () => {
    const app = await appGraph(emu);
    expect((await postRequest(app, requestBody({ action: "adminAssign", principalId: id.n02, duration: "P2D" }))).status).toBe("Provisioned");
    const tooLong = await graphError(postRequest(app, requestBody({ action: "adminAssign", principalId: id.p01, duration: "P181D" })));
    expect(tooLong.message).toContain("ExpirationRule");
    const noReason = await graphError(postRequest(app, requestBody({ action: "adminAssign", principalId: id.p01, justification: null })));
    expect(noReason.message).toContain("JustificationRule");
  });

  it("extends an assignment with adminExtend, keeping its schedule id", async () => {
    const app = await appGraph(emu);
    const assigned = await postRequest(app, requestBody({ action: "adminAssign", principalId: id.n02, duration: "PT1H" }));
    const extended = await postRequest(app, requestBody({ action: "adminExtend", principalId: id.n02, duration: "PT3H" }));
    expect(extended).toMatchObject({ status: "Provisioned", targetScheduleId: assigned.targetScheduleId });
    const schedule = (await app.api(`${PIM}/assignmentSchedules/${assigned.targetScheduleId}`).get()) as { scheduleInfo: { expiration: { duration: string } } };
    expect(schedule.scheduleInfo.expiration.duration).toBe("PT3H");
    expect((await graphError(postRequest(app, requestBody({ action: "adminExtend", principalId: id.p01 })))).code).toBe("RoleAssignmentDoesNotExist");
  });

  it("refuses delegated adminAssign from a plain member but allows the group owner", async () => {
    const n01 = await userGraph(emu, "n01@contoso.example");
    expect((await graphError(postRequest(n01, requestBody({ action: "adminAssign", principalId: id.n02 })))).statusCode).toBe(403);
    const o01 = await userGraph(emu, "o01@contoso.example");
    expect((await postRequest(o01, requestBody({ action: "adminAssign", principalId: id.n02 }))).status).toBe("Provisioned");
  });

  it("can require a directory role for app-only adminAssign on role-assignable groups", async () => {
    emu.loadFixture(adminCapableTenant((f) => void (f.groups.find((g) => g.id === id.admin)!.isAssignableToRole = true)));
    await emu.hooks.patchOptions({ adminAssignRequiresDirectoryRole: true });
    const app = await appGraph(emu);
    expect((await graphError(postRequest(app, requestBody({ action: "adminAssign", principalId: id.n02 })))).statusCode).toBe(403);
    await emu.hooks.patchOptions({ adminAssignRequiresDirectoryRole: false });
    expect((await postRequest(app, requestBody({ action: "adminAssign", principalId: id.n02 }))).status).toBe("Provisioned");
  });

  it("answers adminAssign without the write permission with the double-wrapped 403", async () => {
    emu.loadFixture(seededTenant());
    const app = await appGraph(emu);
    const error = await graphError(postRequest(app, requestBody({ action: "adminAssign", principalId: id.n02 })));
    expect(error.statusCode).toBe(403);
    expect(JSON.parse(error.message)).toMatchObject({ errorCode: "PermissionScopeNotGranted" });
  });
});

describe("cancel", () => {
  it("cancels a pending request for its requester with 204 and then refuses a second cancel", async () => {
    const n01 = await userGraph(emu, "n01@contoso.example");
    const created = await postRequest(n01, requestBody({ action: "selfActivate" }));
    const p01 = await userGraph(emu, "p01@contoso.example");
    expect((await graphError(p01.api(`${PIM}/assignmentScheduleRequests/${created.id}/cancel`).post({}))).statusCode).toBe(403);

    const res = await fetch(`${emu.url}/v1.0${PIM}/assignmentScheduleRequests/${created.id}/cancel`, {
      method: "POST",
      headers: { Authorization: `Bearer ${await delegatedToken(emu, "n01@contoso.example")}` },
    });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe("");
    const after = (await n01.api(`${PIM}/assignmentScheduleRequests/${created.id}`).get()) as { status: string };
    expect(after.status).toBe("Canceled");

    const again = await graphError(n01.api(`${PIM}/assignmentScheduleRequests/${created.id}/cancel`).post({}));
    expect(again.statusCode).toBe(400);
    expect(again.code).toBe("BadRequest");
    expect(again.message).toBe("Request is not in a cancelable state.");
    // A cancelled request no longer blocks a new one.
    expect((await postRequest(n01, requestBody({ action: "selfActivate" }))).status).toBe("PendingApproval");
  });
});

describe("eligibility requests", () => {
  it("lets an app create an eligibility (onboarding a new group) that its principal can then activate", async () => {
    const app = await appGraph(emu);
    const created = (await app.api(`${PIM}/eligibilityScheduleRequests`).post({
      accessId: "member",
      principalId: id.a01,
      groupId: id.auditors,
      action: "adminAssign",
      justification: "On-call rota H1",
      scheduleInfo: { expiration: { type: "afterDuration", duration: "P90D" } },
    })) as { status: string; targetScheduleId: string; id: string };
    expect(created.status).toBe("Provisioned");
    expect(created.targetScheduleId).toBe(`${id.auditors}_member_${created.id}`);
    const policies = (await app.api("/policies/roleManagementPolicies").filter(`scopeId eq '${id.auditors}' and scopeType eq 'Group'`).get()) as { value: unknown[] };
    expect(policies.value).toHaveLength(2);
    const a01 = await userGraph(emu, "a01@contoso.example");
    const activation = await postRequest(a01, requestBody({ action: "selfActivate", principalId: id.a01, groupId: id.auditors }));
    expect(activation.status).toBe("Provisioned");
  });
});
