/**
 * Role-management policies of PIM groups (entra-graph-api.md §6) through the real graph-client: the required
 * scope filter, `$expand`, the 17 rules with their group defaults and overrides, PATCH of a rule and its
 * validation, and who may read or change them.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTestEmulator, type TestEmulator } from "../support/emulator";
import { adminCapableTenant, appGraph, graphError, id, postRequest, requestBody, seededTenant, userGraph } from "./pim-test-kit";

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

interface Rule {
  "@odata.type": string;
  id: string;
  target: { caller: string; level: string; operations: string[] };
  [key: string]: unknown;
}
interface Policy {
  id: string;
  scopeId: string;
  rules?: Rule[];
}
interface PolicyAssignment {
  id: string;
  policyId: string;
  scopeId: string;
  scopeType: string;
  roleDefinitionId: string;
  policy?: Policy;
}

const byScope = (groupId: string) => `scopeId eq '${groupId}' and scopeType eq 'Group'`;

async function memberPolicy(): Promise<Policy> {
  const app = await appGraph(emu);
  const list = (await app.api("/policies/roleManagementPolicyAssignments").filter(`${byScope(id.admin)} and roleDefinitionId eq 'member'`).expand("policy($expand=rules)").get()) as { value: PolicyAssignment[] };
  return list.value[0]!.policy!;
}

describe("listing", () => {
  it("lists the member and owner policy assignments of an onboarded group with the documented ids", async () => {
    const app = await appGraph(emu);
    const list = (await app.api("/policies/roleManagementPolicyAssignments").filter(byScope(id.admin)).get()) as { "@odata.context": string; value: PolicyAssignment[] };
    expect(list["@odata.context"]).toBe(`${emu.url}/v1.0/$metadata#policies/roleManagementPolicyAssignments`);
    expect(list.value.map((a) => a.roleDefinitionId).sort()).toEqual(["member", "owner"]);
    for (const a of list.value) {
      expect(a.policyId).toMatch(new RegExp(`^Group_${id.admin}_[0-9a-f-]{36}$`));
      expect(a.id).toBe(`${a.policyId}_${a.roleDefinitionId}`);
      expect(a).toMatchObject({ scopeId: id.admin, scopeType: "Group" });
      expect(a.policy).toBeUndefined();
    }
  });

  it("expands policy($expand=rules) into the 17 rules with types, targets and the fixture overrides", async () => {
    const policy = await memberPolicy();
    expect(policy.rules).toHaveLength(17);
    const rules = new Map(policy.rules!.map((r) => [r.id, r]));
    expect(rules.get("Expiration_EndUser_Assignment")).toMatchObject({
      "@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyExpirationRule",
      isExpirationRequired: true,
      maximumDuration: "PT8H",
      target: { caller: "EndUser", level: "Assignment", operations: ["All"] },
    });
    expect(rules.get("Expiration_Admin_Eligibility")).toMatchObject({ maximumDuration: "P365D", target: { caller: "Admin", level: "Eligibility" } });
    expect(rules.get("Enablement_Admin_Assignment")).toMatchObject({ enabledRules: ["Justification"] });
    expect(rules.get("AuthenticationContext_EndUser_Assignment")).toMatchObject({ isEnabled: false, claimValue: null });
    expect(rules.get("Notification_Approver_EndUser_Assignment")).toMatchObject({ recipientType: "Approver", notificationType: "Email", notificationLevel: "All", isDefaultRecipientsEnabled: true });
    expect(rules.get("Approval_EndUser_Assignment")).toMatchObject({
      setting: {
        isApprovalRequired: true,
        approvalMode: "SingleStage",
        approvalStages: [{ isApproverJustificationRequired: true, primaryApprovers: [{ "@odata.type": "#microsoft.graph.groupMembers", groupId: id.approver }] }],
      },
    });
  });

  it("lists policies with $expand=rules and reads one policy, its rules and one rule", async () => {
    const app = await appGraph(emu);
    const list = (await app.api("/policies/roleManagementPolicies").filter(byScope(id.admin)).expand("rules").get()) as { value: Policy[] };
    expect(list.value).toHaveLength(2);
    expect(list.value.every((p) => p.rules?.length === 17)).toBe(true);
    const policyId = list.value[0]!.id;
    const one = (await app.api(`/policies/roleManagementPolicies/${policyId}`).get()) as Policy & Record<string, unknown>;
    expect(one).toMatchObject({ id: policyId, displayName: "Group", isOrganizationDefault: false, scopeType: "Group", scopeId: id.admin });
    expect(one.rules).toBeUndefined();
    const rules = (await app.api(`/policies/roleManagementPolicies/${policyId}/rules`).get()) as { value: Rule[] };
    expect(rules.value).toHaveLength(17);
    const rule = (await app.api(`/policies/roleManagementPolicies/${policyId}/rules/Enablement_EndUser_Assignment`).get()) as Rule;
    expect(rule["@odata.type"]).toBe("#microsoft.graph.unifiedRoleManagementPolicyEnablementRule");
  });

  it("requires the scopeId and scopeType filter", async () => {
    const app = await appGraph(emu);
    for (const filter of [undefined, `scopeId eq '${id.admin}'`, "scopeType eq 'Group'"]) {
      const request = app.api("/policies/roleManagementPolicyAssignments");
      const error = await graphError((filter ? request.filter(filter) : request).get());
      expect(error.statusCode, filter).toBe(400);
    }
  });

  it("returns an empty collection for a group that was never onboarded", async () => {
    const app = await appGraph(emu);
    const list = (await app.api("/policies/roleManagementPolicyAssignments").filter(byScope(id.auditors)).get()) as { value: unknown[] };
    expect(list.value).toEqual([]);
  });

  it("answers unknown policy and rule ids with 404", async () => {
    const app = await appGraph(emu);
    expect((await graphError(app.api(`/policies/roleManagementPolicies/Group_${id.admin}_00000000-0000-4000-8000-000000000000`).get())).statusCode).toBe(404);
    const policy = await memberPolicy();
    expect((await graphError(app.api(`/policies/roleManagementPolicies/${policy.id}/rules/Expiration_Everyone`).get())).statusCode).toBe(404);
  });
});

describe("permissions", () => {
  it("lets the owner read with a delegated token but not a requester who only is eligible", async () => {
    const o01 = await userGraph(emu, "o01@contoso.example");
    expect(((await o01.api("/policies/roleManagementPolicyAssignments").filter(byScope(id.admin)).get()) as { value: unknown[] }).value).toHaveLength(2);
    const n01 = await userGraph(emu, "n01@contoso.example");
    expect((await graphError(n01.api("/policies/roleManagementPolicyAssignments").filter(byScope(id.admin)).get())).statusCode).toBe(403);
  });

  it("refuses a PATCH with the read-only permission with PIM's double-wrapped 403", async () => {
    emu.loadFixture(seededTenant());
    const policy = await memberPolicy();
    const app = await appGraph(emu);
    const error = await graphError(
      app.api(`/policies/roleManagementPolicies/${policy.id}/rules/Expiration_EndUser_Assignment`).patch({ "@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyExpirationRule", maximumDuration: "PT2H" }),
    );
    expect(error.statusCode).toBe(403);
    expect(JSON.parse(error.message)).toMatchObject({ errorCode: "PermissionScopeNotGranted" });
  });
});

describe("updating a rule", () => {
  it("applies a PATCH (204) that the next activation is validated against", async () => {
    const policy = await memberPolicy();
    const app = await appGraph(emu);
    const res = await fetch(`${emu.url}/v1.0/policies/roleManagementPolicies/${policy.id}/rules/Expiration_EndUser_Assignment`, {
      method: "PATCH",
      headers: { Authorization: `Bearer ${await emu.appToken("graph")}`, "Content-Type": "application/json" },
      body: JSON.stringify({
        "@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyExpirationRule",
        id: "Expiration_EndUser_Assignment",
        isExpirationRequired: true,
        maximumDuration: "PT2H",
        target: { "@odata.type": "microsoft.graph.unifiedRoleManagementPolicyRuleTarget", caller: "EndUser", operations: ["All"], level: "Assignment" },
      }),
    });
    expect(res.status).toBe(204);
    const rule = (await app.api(`/policies/roleManagementPolicies/${policy.id}/rules/Expiration_EndUser_Assignment`).get()) as Rule;
    expect(rule.maximumDuration).toBe("PT2H");
    const updated = (await app.api(`/policies/roleManagementPolicies/${policy.id}`).get()) as { lastModifiedDateTime: string | null };
    expect(updated.lastModifiedDateTime).not.toBeNull();
    const n01 = await userGraph(emu, "n01@contoso.example");
    const error = await graphError(postRequest(n01, requestBody({ action: "selfActivate", duration: "PT3H" })));
    expect(error.message).toContain("ExpirationRule");
  });

  it("lets the owner change approvers with a delegated token and fills their description", async () => {
    const policy = await memberPolicy();
    const o01 = await userGraph(emu, "o01@contoso.example");
    await o01.api(`/policies/roleManagementPolicies/${policy.id}/rules/Approval_EndUser_Assignment`).patch({
      "@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyApprovalRule",
      setting: { isApprovalRequired: true, approvalStages: [{ primaryApprovers: [{ "@odata.type": "#microsoft.graph.singleUser", userId: id.a01 }] }] },
    });
    const rule = (await o01.api(`/policies/roleManagementPolicies/${policy.id}/rules/Approval_EndUser_Assignment`).get()) as Rule & { setting: { approvalStages: { primaryApprovers: unknown[] }[] } };
    expect(rule.setting.approvalStages[0]!.primaryApprovers).toEqual([{ "@odata.type": "#microsoft.graph.singleUser", userId: id.a01, description: "Ada Auditor" }]);
  });

  it.each([
    ["no @odata.type", { maximumDuration: "PT2H" }],
    ["another rule type", { "@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyEnablementRule", enabledRules: [] }],
    ["a property of another type", { "@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyExpirationRule", enabledRules: [] }],
    ["a bad duration", { "@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyExpirationRule", maximumDuration: "8 hours" }],
    ["a wrong type", { "@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyExpirationRule", isExpirationRequired: "yes" }],
  ])("rejects a body with %s with 400 and changes nothing", async (_label, body) => {
    const policy = await memberPolicy();
    const app = await appGraph(emu);
    const error = await graphError(app.api(`/policies/roleManagementPolicies/${policy.id}/rules/Expiration_EndUser_Assignment`).patch(body));
    expect(error.statusCode).toBe(400);
    const rule = (await app.api(`/policies/roleManagementPolicies/${policy.id}/rules/Expiration_EndUser_Assignment`).get()) as Rule;
    expect(rule.maximumDuration).toBe("PT8H");
  });
});
