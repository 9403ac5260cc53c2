/**
 * PIM's refusals, produced by the emulator the way PIM produces them (policy PATCH, fixture policies, faults),
 * and what the app makes of them — through the use cases where the app can meet them, and through the typed
 * wrappers for the rest.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { decideApprovalStage, getApproval, mapPimError, selfActivate, selfDeactivate } from "@/lib/entra/pim";
import { submitRequest } from "@/lib/requests/submit-request";
import { adminCapableTenant, noApproval, patchMemberRule } from "../../contract/pim-test-kit";
import { id, startHarness, target, type Harness } from "./harness";

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

const input = { targetId: "aks-prod", durationMinutes: 60, justification: "Investigate the failing rollout" };
const submit = () => submitRequest(h.deps, { user: h.user("n01"), input });
const activation = (over: Partial<Parameters<typeof selfActivate>[1]> = {}) => ({
  principalId: id.n01,
  groupId: id.admin,
  durationMinutes: 60,
  justification: "Investigate the failing rollout",
  start: h.deps.now(),
  ...over,
});
const n01 = () => h.deps.graph.user(h.user("n01"));

async function pimError(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    return mapPimError(e, { maxDurationMinutes: 480 });
  }
  throw new Error("expected PIM to refuse");
}

async function failureOf(requestId: string) {
  return h.testDb.db.accessRequest.findUniqueOrThrow({ where: { id: requestId }, select: { status: true, failureCode: true, failureMessage: true } });
}

describe("through submit", () => {
  it("MFA required by the policy and missing from the token: the request fails as mfa_required", async () => {
    await h.reset({
      fixture: adminCapableTenant((f) => {
        f.users.find((u) => u.id === id.n01)!.mfaRegistered = false;
        (f.policies as { rules: Record<string, unknown> }[])[0]!.rules.Enablement_EndUser_Assignment = { enabledRules: ["Justification", "MultiFactorAuthentication"] };
      }),
    });
    const r = await submit();
    expect(r.outcome).toBe("failed");
    expect(await failureOf(r.request.id)).toMatchObject({ status: "failed", failureCode: "mfa_required" });
    expect(r.request.failure?.message).toMatch(/multi-factor authentication/);
  });

  it("an authentication context required by the policy: the request fails and the claims challenge is returned", async () => {
    await h.reset({
      fixture: adminCapableTenant((f) => {
        (f.policies as { rules: Record<string, unknown> }[])[0]!.rules.AuthenticationContext_EndUser_Assignment = { isEnabled: true, claimValue: "c1" };
      }),
    });
    const r = await submit();
    expect(r.outcome).toBe("failed");
    expect(r.request.failure?.code).toBe("auth_context");
    expect(JSON.parse(r.claims ?? "{}")).toMatchObject({ access_token: { acrs: { essential: true, value: "c1" } } });
  });

  it("already active in PIM (activated outside the app): conflict with PIM's reason, our attempt recorded as failed", async () => {
    const pim = await selfActivate(n01(), activation());
    const p01 = h.deps.graph.user(h.user("p01"));
    await decideApprovalStage(p01, pim.id, (await getApproval(p01, pim.id)).stages[0]!.id, { reviewResult: "Approve", justification: "ok" });
    await expect(submit()).rejects.toMatchObject({ code: "conflict", userMessage: "You already have this access active in PIM." });
    const rows = await h.testDb.db.accessRequest.findMany();
    expect(rows.map((r) => [r.status, r.failureCode])).toEqual([["failed", "already_active"]]);
  });

  it("a pending PIM request made outside the app: conflict, recorded as failed", async () => {
    await selfActivate(n01(), activation());
    await expect(submit()).rejects.toMatchObject({ code: "conflict", userMessage: "You already have a pending PIM request for this access." });
    expect((await h.testDb.db.accessRequest.findFirstOrThrow()).failureCode).toBe("pending_exists");
  });

  it("an expired sign-in surfaces as reauth_required (not as a Graph error) and records nothing", async () => {
    h.expireSignIn("n01");
    await expect(submit()).rejects.toMatchObject({ code: "reauth_required" });
    expect(await h.testDb.db.accessRequest.count()).toBe(0);
  });

  it("a target whose approver group is not PIM's approver is refused as misconfigured before PIM is called", async () => {
    await h.reset({ targets: [target({ approverGroupId: id.auditors })] });
    await expect(submit()).rejects.toMatchObject({ code: "misconfigured" });
    expect(await h.testDb.db.accessRequest.count()).toBe(0);
  });

  it("a maximum lowered by an administrator's policy PATCH is enforced before PIM is called", async () => {
    await patchMemberRule(h.deps.graph.app(), id.admin, "Expiration_EndUser_Assignment", {
      "@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyExpirationRule",
      id: "Expiration_EndUser_Assignment",
      isExpirationRequired: true,
      maximumDuration: "PT30M",
    });
    await expect(submit()).rejects.toMatchObject({
      code: "bad_request",
      options: { fields: { durationMinutes: "The requested duration is longer than the PIM policy allows (max 30 minutes)." } },
    });
  });

  it("a ticket required by the policy is asked for before PIM is called", async () => {
    await patchMemberRule(h.deps.graph.app(), id.admin, "Enablement_EndUser_Assignment", {
      "@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyEnablementRule",
      id: "Enablement_EndUser_Assignment",
      enabledRules: ["Justification", "Ticketing"],
    });
    await expect(submit()).rejects.toMatchObject({ code: "bad_request", options: { fields: { ticketNumber: "The PIM policy requires a ticket number." } } });
    const ok = await submitRequest(h.deps, { user: h.user("n01"), input: { ...input, ticketNumber: "CHG-1" } });
    expect(ok.outcome).toBe("pending_approval");
  });

  it("a throttled selfActivate leaves the request submitted; the worker later finds nothing in PIM and fails it", async () => {
    await h.emu.hooks.addFault({ method: "POST", path: "assignmentScheduleRequests$", kind: "429", retryAfterSeconds: 1, count: 1 });
    const r = await submit();
    expect(r).toMatchObject({ outcome: "submitted", request: { status: "submitted" } });
    await h.advance(11 * 60);
    await h.runJobs();
    expect(await failureOf(r.request.id)).toMatchObject({ status: "failed", failureCode: "not_submitted" });
  });
});

describe("PIM errors mapped from the emulator's real responses", () => {
  it("ExpirationRule names the policy maximum", async () => {
    const m = await pimError(selfActivate(n01(), activation({ durationMinutes: 540 })));
    expect(m).toMatchObject({ kind: "policy", rules: ["ExpirationRule"], userMessage: "The requested duration is longer than the PIM policy allows (max 8 hours)." });
  });

  it("JustificationRule", async () => {
    expect(await pimError(selfActivate(n01(), activation({ justification: "" })))).toMatchObject({ kind: "policy", rules: ["JustificationRule"] });
  });

  it("TicketingRule", async () => {
    await patchMemberRule(h.deps.graph.app(), id.admin, "Enablement_EndUser_Assignment", {
      "@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyEnablementRule",
      id: "Enablement_EndUser_Assignment",
      enabledRules: ["Justification", "Ticketing"],
    });
    expect(await pimError(selfActivate(n01(), activation()))).toMatchObject({ kind: "policy", rules: ["TicketingRule"] });
  });

  it("deactivating within five minutes is too_soon; with nothing active it is not_found", async () => {
    expect(await pimError(selfDeactivate(n01(), { principalId: id.n01, groupId: id.admin, justification: "done" }))).toMatchObject({ kind: "not_found" });
    await patchMemberRule(h.deps.graph.app(), id.admin, "Approval_EndUser_Assignment", noApproval);
    expect((await selfActivate(n01(), activation())).status).toBe("Provisioned");
    expect(await pimError(selfDeactivate(n01(), { principalId: id.n01, groupId: id.admin, justification: "done" }))).toMatchObject({ kind: "too_soon" });
  });

  it("a second decision on a stage is a conflict; an app token on selfActivate is a permission error", async () => {
    const pim = await selfActivate(n01(), activation());
    const p01 = h.deps.graph.user(h.user("p01"));
    const stageId = (await getApproval(p01, pim.id)).stages[0]!.id;
    await decideApprovalStage(p01, pim.id, stageId, { reviewResult: "Deny", justification: "no" });
    const p02 = h.deps.graph.user(h.user("p02"));
    expect(await pimError(decideApprovalStage(p02, pim.id, stageId, { reviewResult: "Approve", justification: "yes" }))).toMatchObject({ kind: "conflict" });
    expect(await pimError(selfActivate(h.deps.graph.app(), activation()))).toMatchObject({ kind: "permission", code: "PermissionScopeNotGranted" });
  });

  it("a 429 is throttled and carries Retry-After", async () => {
    await h.emu.hooks.addFault({ method: "POST", path: "assignmentScheduleRequests$", kind: "429", retryAfterSeconds: 42, count: 1 });
    expect(await pimError(selfActivate(n01(), activation()))).toMatchObject({ kind: "throttled", retryAfterSeconds: 42 });
  });
});
