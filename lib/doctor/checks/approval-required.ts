import { approvalRule, patchPolicyRule, pimSettingsPortalPath } from "../fixes";
import { fail, pass, type TargetCheck } from "../types";

/**
 * Activation needs approval. Without it an eligible user can activate in the Entra portal (or any Graph client)
 * and never pass through the app: no approver, no quorum, no audit trail of ours.
 */
export const approvalRequired: TargetCheck = {
  id: "approval-required",
  title: "Activation requires approval",
  scope: "target",
  async run(ctx, target) {
    const name = await ctx.data.groupName(target.pimGroupId);
    const policy = await ctx.data.memberPolicy(target.pimGroupId);
    if (!policy) return fail(`${name} has no PIM member policy (see "PIM for Groups is enabled").`, pimSettingsPortalPath(name));
    if (!policy.parsed.isApprovalRequired) {
      const approvers = await ctx.data.groupName(target.approverGroupId);
      return fail(
        `The member policy of ${name} does not require approval: eligible users could activate in the Entra portal and bypass the app.`,
        `${patchPolicyRule(ctx.graphBaseUrl, policy.policyId, approvalRule(target.approverGroupId, approvers))}\n${pimSettingsPortalPath(name)} → "Require approval to activate", approver: ${approvers}.`,
      );
    }
    return pass(`Activating ${name} needs approval (policy ${policy.policyId}).`);
  },
};
