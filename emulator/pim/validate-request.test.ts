import { describe, expect, it } from "vitest";
import { defaultEmulatorOptions, GraphError, type Caller } from "../core/types";
import { defaultRules } from "../policies/rule-catalogue";
import type { RulesById } from "../policies/rule-types";
import type { Schedule } from "./model";
import { parseScheduleRequest, assignmentActions } from "./parse-request";
import { validateAssignmentRequest, type ValidationInput } from "./validate-request";

const NOW = Date.parse("2026-03-04T10:00:00Z");
const USER = "5e4d3c2b-0000-4000-8000-00000000c001";
const GROUP = "9a8b7c6d-0000-4000-8000-00000000b001";

function rules(change?: (r: RulesById) => void): RulesById {
  const map = Object.fromEntries(defaultRules().map((r) => [r.id, r])) as unknown as RulesById;
  change?.(map);
  return map;
}

function caller(over: Partial<Caller> = {}): Caller {
  return { kind: "user", objectId: USER, appId: "app", permissions: new Set(), amr: ["pwd", "mfa"], acrs: [], audience: "https://graph.microsoft.com", claims: {}, ...over };
}

function schedule(over: Partial<Schedule> = {}): Schedule {
  return {
    family: "assignment",
    id: `${GROUP}_member_x`,
    instanceId: `${GROUP}_member_y`,
    groupId: GROUP,
    accessId: "member",
    principalId: USER,
    memberType: "Direct",
    assignmentType: "Activated",
    startDateTime: new Date(NOW - 60 * 60_000).toISOString(),
    endDateTime: null,
    expiration: { type: "noExpiration", endDateTime: null, duration: null },
    createdUsing: "x",
    createdDateTime: new Date(NOW).toISOString(),
    modifiedDateTime: null,
    activatedUsing: null,
    isMembershipApplied: true,
    ...over,
  };
}

function input(over: Partial<ValidationInput> = {}): ValidationInput {
  return {
    caller: caller(),
    nowMs: NOW,
    options: defaultEmulatorOptions,
    rules: rules(),
    doesGroupExist: true,
    doesPrincipalExist: true,
    isGroupAdmin: false,
    eligibility: schedule({ family: "eligibility", assignmentType: null }),
    current: undefined,
    pending: undefined,
    ...over,
  };
}

function body(action: string, extra: Record<string, unknown> = {}) {
  return parseScheduleRequest(
    { action, accessId: "member", groupId: GROUP, principalId: USER, justification: "because", scheduleInfo: { expiration: { type: "afterDuration", duration: "PT1H" } }, ...extra },
    assignmentActions,
  );
}

function failure(run: () => unknown): GraphError {
  try {
    run();
  } catch (error) {
    if (error instanceof GraphError) return error;
    throw error;
  }
  throw new Error("expected a GraphError");
}

describe("validateAssignmentRequest", () => {
  it("provisions a selfActivate now when no approval is required", () => {
    const decision = validateAssignmentRequest(body("selfActivate"), input());
    expect(decision).toEqual({ status: "Provisioned", startMs: NOW, endMs: NOW + 3_600_000, approvalStages: null });
  });

  it("grants a future activation and clamps a past start to now", () => {
    const future = new Date(NOW + 60_000).toISOString();
    expect(validateAssignmentRequest(body("selfActivate", { scheduleInfo: { startDateTime: future, expiration: { type: "afterDuration", duration: "PT1H" } } }), input()).status).toBe("Granted");
    const past = "2020-01-01T00:00:00Z";
    expect(validateAssignmentRequest(body("selfActivate", { scheduleInfo: { startDateTime: past, expiration: { type: "afterDuration", duration: "PT1H" } } }), input()).startMs).toBe(NOW);
  });

  it("asks for approval with the policy's first stage in single-stage mode", () => {
    const r = rules((x) => {
      x.Approval_EndUser_Assignment.setting.isApprovalRequired = true;
    });
    const decision = validateAssignmentRequest(body("selfActivate"), input({ rules: r }));
    expect(decision.status).toBe("PendingApproval");
    expect(decision.approvalStages).toHaveLength(1);
  });

  it("checks in the documented order: eligibility before duplicates before expiration", () => {
    const tooLong = body("selfActivate", { scheduleInfo: { expiration: { type: "afterDuration", duration: "PT9H" } } });
    expect(failure(() => validateAssignmentRequest(tooLong, input({ eligibility: undefined, current: schedule() }))).message).toContain("EligibilityRule");
    expect(failure(() => validateAssignmentRequest(tooLong, input({ current: schedule() }))).code).toBe("RoleAssignmentExists");
    expect(failure(() => validateAssignmentRequest(tooLong, input())).message).toBe('The following policy rules failed: ["ExpirationRule"]');
  });

  it("lists every failing policy rule at once", () => {
    const r = rules((x) => {
      x.Enablement_EndUser_Assignment.enabledRules = ["Justification", "Ticketing", "MultiFactorAuthentication"];
    });
    const error = failure(() => validateAssignmentRequest(body("selfActivate", { justification: " " }), input({ rules: r, caller: caller({ amr: ["pwd"] }) })));
    expect(error.message).toBe('The following policy rules failed: ["JustificationRule","TicketingRule","MfaRule"]');
  });

  it("refuses a permanent activation when expiration is required", () => {
    const permanent = body("selfActivate", { scheduleInfo: { expiration: { type: "noExpiration" } } });
    expect(failure(() => validateAssignmentRequest(permanent, input())).message).toContain("ExpirationRule");
  });

  it("answers app tokens on self actions with the double-wrapped permission error", () => {
    const error = failure(() => validateAssignmentRequest(body("selfActivate"), input({ caller: caller({ kind: "app" }) })));
    expect(error.status).toBe(403);
    expect(JSON.parse(error.message)).toMatchObject({ errorCode: "PermissionScopeNotGranted" });
  });

  it("enforces the five-minute floor on deactivation and needs something to deactivate", () => {
    const fresh = schedule({ startDateTime: new Date(NOW - 4 * 60_000).toISOString() });
    expect(failure(() => validateAssignmentRequest(body("selfDeactivate"), input({ current: fresh }))).code).toBe("ActiveDurationTooShort");
    expect(failure(() => validateAssignmentRequest(body("selfDeactivate"), input())).code).toBe("RoleAssignmentDoesNotExist");
    expect(validateAssignmentRequest(body("selfDeactivate"), input({ current: schedule() })).status).toBe("Revoked");
  });

  it("does not let a user self-deactivate an admin-made assignment", () => {
    expect(failure(() => validateAssignmentRequest(body("selfDeactivate"), input({ current: schedule({ assignmentType: "Assigned" }) }))).code).toBe("RoleAssignmentDoesNotExist");
  });

  it("requires group administration for admin actions", () => {
    expect(failure(() => validateAssignmentRequest(body("adminAssign"), input())).status).toBe(403);
    expect(validateAssignmentRequest(body("adminAssign"), input({ isGroupAdmin: true })).status).toBe("Provisioned");
  });

  it("returns a claims challenge when an authentication context is required", () => {
    const r = rules((x) => {
      x.AuthenticationContext_EndUser_Assignment.isEnabled = true;
      x.AuthenticationContext_EndUser_Assignment.claimValue = "c1";
    });
    const error = failure(() => validateAssignmentRequest(body("selfActivate"), input({ rules: r })));
    expect(error.code).toBe("RoleAssignmentRequestAcrsValidationFailed");
    expect(error.message).toContain('claims={"access_token":{"acrs":{"essential":true,"value":"c1"}}}');
    expect(validateAssignmentRequest(body("selfActivate"), input({ rules: r, caller: caller({ acrs: ["c1"] }) })).status).toBe("Provisioned");
  });
});
