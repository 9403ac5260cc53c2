/** What the emulator UI shows about policies: per onboarded group, the settings that matter for activation. */
import type { Services } from "../core/types";
import { POLICIES, rulesById, type PoliciesState } from "./state";

export function policiesSummary(services: Services) {
  const { directory } = services;
  return services.slice<PoliciesState>(POLICIES).policies.map((policy) => {
    const rules = rulesById(policy);
    const approval = rules.Approval_EndUser_Assignment.setting;
    return {
      policyId: policy.id,
      group: directory.getGroup(policy.groupId)?.displayName ?? policy.groupId,
      groupId: policy.groupId,
      accessId: policy.accessId,
      maximumActivation: rules.Expiration_EndUser_Assignment.maximumDuration,
      activationRequires: rules.Enablement_EndUser_Assignment.enabledRules,
      isApprovalRequired: approval.isApprovalRequired,
      approvers: approval.approvalStages.flatMap((s) => s.primaryApprovers.map((a) => a.description ?? a.userId ?? a.groupId)),
      authenticationContext: rules.AuthenticationContext_EndUser_Assignment.isEnabled ? rules.AuthenticationContext_EndUser_Assignment.claimValue : null,
      lastModifiedDateTime: policy.lastModifiedDateTime,
    };
  });
}
