import { describe, expect, it } from "vitest";
import { graphEndpointLabel } from "./graph";

describe("Graph endpoint labels", () => {
  it("drop the version, the query and every object id so label values stay few", () => {
    expect(graphEndpointLabel("https://graph.microsoft.com/v1.0/users/jit-bot%40contoso.example/sendMail")).toBe("/users/{id}/sendMail");
    expect(graphEndpointLabel("https://localhost:8443/v1.0/groups/9a8b7c6d-0000-4000-8000-00000000b002/transitiveMembers/microsoft.graph.user?$top=999")).toBe(
      "/groups/{id}/transitiveMembers/microsoft.graph.user",
    );
    expect(
      graphEndpointLabel("https://graph.microsoft.com/v1.0/policies/roleManagementPolicies/Group_9a8b7c6d-0000-4000-8000-00000000b001_2f433200-d0c8-47e7-8a12-cbba3c6cf2c3/rules/Approval_EndUser_Assignment"),
    ).toBe("/policies/roleManagementPolicies/{id}/rules/{id}");
    expect(graphEndpointLabel("https://graph.microsoft.com/v1.0/identityGovernance/privilegedAccess/group/assignmentApprovals/filterByCurrentUser(on='approver')")).toBe(
      "/identityGovernance/privilegedAccess/group/assignmentApprovals/filterByCurrentUser(…)",
    );
    expect(graphEndpointLabel("/users/5e4d3c2b-0000-4000-8000-00000000c101/checkMemberGroups")).toBe("/users/{id}/checkMemberGroups");
    expect(graphEndpointLabel("/users/someone/revokeSignInSessions")).toBe("/users/{id}/revokeSignInSessions");
    expect(graphEndpointLabel("/groups/$count")).toBe("/groups/$count");
    expect(graphEndpointLabel("/identityGovernance/privilegedAccess/group/assignmentScheduleRequests/1b2c-req/cancel")).toBe(
      "/identityGovernance/privilegedAccess/group/assignmentScheduleRequests/{id}/cancel",
    );
  });
});
