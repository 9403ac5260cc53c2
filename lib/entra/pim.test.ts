import { describe, expect, it } from "vitest";
import { isGrantedStatus, isPendingApprovalStatus, parseMemberPolicy } from "./pim";

// Rules as PIM returns them for the AKS admin group (entra-graph-api.md §6.5).
const rules = [
  { "@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyExpirationRule", id: "Expiration_EndUser_Assignment", isExpirationRequired: true, maximumDuration: "PT2H" },
  { "@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyEnablementRule", id: "Enablement_EndUser_Assignment", enabledRules: ["MultiFactorAuthentication", "Justification", "Ticketing"] },
  {
    "@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyApprovalRule",
    id: "Approval_EndUser_Assignment",
    setting: {
      isApprovalRequired: true,
      approvalStages: [
        {
          primaryApprovers: [
            { "@odata.type": "#microsoft.graph.groupMembers", groupId: "9a8b7c6d-0000-4000-8000-00000000b002", description: "AKS JIT Approvers" },
            { "@odata.type": "#microsoft.graph.singleUser", userId: "5e4d3c2b-0000-4000-8000-00000000c101" },
          ],
        },
      ],
    },
  },
  { "@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyAuthenticationContextRule", id: "AuthenticationContext_EndUser_Assignment", isEnabled: true, claimValue: "c1" },
  // Admin rules must not leak into the end-user view.
  { "@odata.type": "#microsoft.graph.unifiedRoleManagementPolicyExpirationRule", id: "Expiration_Admin_Assignment", isExpirationRequired: true, maximumDuration: "P180D" },
];

describe("parseMemberPolicy", () => {
  it("reads the end-user activation rules", () => {
    expect(parseMemberPolicy("Group_x_y", rules)).toEqual({
      policyId: "Group_x_y",
      maxDurationMinutes: 120,
      isJustificationRequired: true,
      isTicketRequired: true,
      isMfaRequired: true,
      isApprovalRequired: true,
      approverGroupIds: ["9a8b7c6d-0000-4000-8000-00000000b002"],
      approverUserIds: ["5e4d3c2b-0000-4000-8000-00000000c101"],
      authContext: "c1",
    });
  });

  it("treats a group without rules as no approval and no maximum", () => {
    expect(parseMemberPolicy("p", [])).toMatchObject({ maxDurationMinutes: null, isApprovalRequired: false, approverGroupIds: [], authContext: null });
  });

  it("has no maximum when expiration is not required, and matches rule ids case-insensitively", () => {
    const p = parseMemberPolicy("p", [{ id: "expiration_enduser_assignment", isExpirationRequired: false, maximumDuration: "PT8H" }]);
    expect(p.maxDurationMinutes).toBeNull();
  });
});

describe("PIM status helpers", () => {
  it("compares statuses case-insensitively", () => {
    expect(isPendingApprovalStatus("PendingApproval")).toBe(true);
    expect(isPendingApprovalStatus("pendingapproval")).toBe(true);
    expect(isGrantedStatus("Provisioned")).toBe(true);
    expect(isGrantedStatus("Granted")).toBe(true);
    expect(isGrantedStatus("Denied")).toBe(false);
  });
});
