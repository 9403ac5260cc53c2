import { describe, expect, it } from "vitest";
import { defaultRules } from "./rule-catalogue";
import { patchRule } from "./patch-rule";
import type { PolicyRule } from "./rule-types";

const lookup = (kind: "user" | "group", id: string) => (id === "known" ? `${kind} known` : undefined);
const rule = (id: string): PolicyRule => defaultRules().find((r) => r.id === id)!;
const patch = (id: string, body: unknown) => patchRule(rule(id), body, lookup, { requireODataType: true });
const expirationType = "#microsoft.graph.unifiedRoleManagementPolicyExpirationRule";

describe("patchRule", () => {
  it("updates an expiration rule and keeps its target", () => {
    const result = patch("Expiration_EndUser_Assignment", { "@odata.type": expirationType, id: "Expiration_EndUser_Assignment", maximumDuration: "PT2H" });
    expect(result).toMatchObject({ ok: true, rule: { maximumDuration: "PT2H", isExpirationRequired: true, target: { caller: "EndUser", level: "Assignment" } } });
  });

  it("requires the derived @odata.type of the rule", () => {
    expect(patch("Expiration_EndUser_Assignment", { maximumDuration: "PT2H" }).ok).toBe(false);
    const wrong = patch("Expiration_EndUser_Assignment", { "@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyEnablementRule", enabledRules: [] });
    expect(wrong).toMatchObject({ ok: false, message: expect.stringContaining("ExpirationRule") as unknown });
  });

  it("rejects properties of another rule type and bad values", () => {
    expect(patch("Expiration_EndUser_Assignment", { "@odata.type": expirationType, enabledRules: [] }).ok).toBe(false);
    expect(patch("Expiration_EndUser_Assignment", { "@odata.type": expirationType, maximumDuration: "eight hours" }).ok).toBe(false);
    expect(patch("Expiration_EndUser_Assignment", { "@odata.type": expirationType, isExpirationRequired: "yes" }).ok).toBe(false);
    expect(patch("Expiration_EndUser_Assignment", { "@odata.type": expirationType, id: "Expiration_Admin_Assignment" }).ok).toBe(false);
    expect(patch("Expiration_EndUser_Assignment", "not an object").ok).toBe(false);
  });

  it("normalises enablement values case-insensitively and rejects unknown ones", () => {
    const type = "#microsoft.graph.unifiedRoleManagementPolicyEnablementRule";
    expect(patch("Enablement_EndUser_Assignment", { "@odata.type": type, enabledRules: ["justification", "MULTIFACTORAUTHENTICATION"] })).toMatchObject({
      ok: true,
      rule: { enabledRules: ["Justification", "MultiFactorAuthentication"] },
    });
    expect(patch("Enablement_EndUser_Assignment", { "@odata.type": type, enabledRules: ["Fingerprint"] }).ok).toBe(false);
  });

  it("merges approval settings, fills approver descriptions and rejects unknown approvers", () => {
    const type = "#microsoft.graph.unifiedRoleManagementPolicyApprovalRule";
    const ok = patch("Approval_EndUser_Assignment", {
      "@odata.type": type,
      setting: { isApprovalRequired: true, approvalStages: [{ primaryApprovers: [{ "@odata.type": "#microsoft.graph.singleUser", userId: "known" }] }] },
    });
    expect(ok).toMatchObject({
      ok: true,
      rule: {
        setting: {
          isApprovalRequired: true,
          isRequestorJustificationRequired: true,
          approvalStages: [{ isApproverJustificationRequired: true, primaryApprovers: [{ userId: "known", description: "user known" }] }],
        },
      },
    });
    const unknown = patch("Approval_EndUser_Assignment", {
      "@odata.type": type,
      setting: { approvalStages: [{ primaryApprovers: [{ "@odata.type": "#microsoft.graph.groupMembers", groupId: "nope" }] }] },
    });
    expect(unknown.ok).toBe(false);
  });

  it("requires a claim value when an authentication context is enabled", () => {
    const type = "#microsoft.graph.unifiedRoleManagementPolicyAuthenticationContextRule";
    expect(patch("AuthenticationContext_EndUser_Assignment", { "@odata.type": type, isEnabled: true }).ok).toBe(false);
    expect(patch("AuthenticationContext_EndUser_Assignment", { "@odata.type": type, isEnabled: true, claimValue: "c1" }).ok).toBe(true);
  });
});
