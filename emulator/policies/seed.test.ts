import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { TenantFixture } from "../core/types";
import { ruleIds } from "./rule-catalogue";
import { seedPolicies } from "./seed";
import { findPolicy, rulesById } from "./state";

const fixture = JSON.parse(readFileSync(new URL("../fixtures/tenant.json", import.meta.url), "utf8")) as TenantFixture;
const ADMIN = "9a8b7c6d-0000-4000-8000-00000000b001";
const APPROVER = "9a8b7c6d-0000-4000-8000-00000000b002";

describe("seedPolicies", () => {
  it("gives every onboarded group a member and an owner policy with the 17 rules", () => {
    const state = seedPolicies(fixture);
    expect(state.policies.map((p) => `${p.groupId}/${p.accessId}`)).toEqual([`${ADMIN}/member`, `${ADMIN}/owner`]);
    for (const policy of state.policies) {
      expect(policy.rules.map((r) => r.id)).toEqual([...ruleIds]);
      expect(policy.id).toMatch(new RegExp(`^Group_${ADMIN}_[0-9a-f-]{36}$`));
      expect(policy.assignmentId).toBe(`${policy.id}_${policy.accessId}`);
    }
  });

  it("deep-merges the fixture overrides into the member policy only", () => {
    const state = seedPolicies(fixture);
    const member = rulesById(findPolicy(state, ADMIN, "member")!);
    const owner = rulesById(findPolicy(state, ADMIN, "owner")!);
    expect(member.Approval_EndUser_Assignment.setting.isApprovalRequired).toBe(true);
    expect(member.Approval_EndUser_Assignment.setting.isApprovalRequiredForExtension).toBe(false);
    expect(member.Approval_EndUser_Assignment.setting.approvalStages[0]?.primaryApprovers).toEqual([
      { "@odata.type": "#microsoft.graph.groupMembers", groupId: APPROVER, description: "approver" },
    ]);
    expect(member.Expiration_EndUser_Assignment.maximumDuration).toBe("PT8H");
    expect(owner.Approval_EndUser_Assignment.setting.isApprovalRequired).toBe(false);
    expect(owner.Expiration_Admin_Assignment).toMatchObject({ isExpirationRequired: true, maximumDuration: "P180D" });
  });

  it("keeps policy ids stable across reseeds", () => {
    expect(seedPolicies(fixture).policies.map((p) => p.id)).toEqual(seedPolicies(fixture).policies.map((p) => p.id));
  });

  it("fails loudly on an override that is not valid for the rule type", () => {
    const broken = { ...fixture, policies: [{ groupId: ADMIN, accessId: "member", rules: { Expiration_EndUser_Assignment: { maximumDuration: "8 hours" } } }] };
    expect(() => seedPolicies(broken)).toThrow(/maximumDuration/);
  });

  it("onboards nothing for a tenant without PIM sections", () => {
    expect(seedPolicies({ ...fixture, pim: undefined, policies: undefined }).policies).toEqual([]);
  });
});
