import { approvalRule, patchPolicyRule, pimSettingsPortalPath } from "../fixes";
import { fail, pass, warn, type TargetCheck } from "../types";

interface Stage {
  primaryApprovers?: Record<string, unknown>[];
}

/**
 * The policy's approvers are exactly the configured approver group. PIM accepts decisions only from the approvers
 * in its policy: if the app's approver group is not among them every decision made in the app fails; anyone else
 * listed can approve in the Entra portal without the app's rules (members only, not a current holder, quorum).
 */
export const approverPolicy: TargetCheck = {
  id: "approver-policy",
  title: "The approver group is PIM's only approver",
  scope: "target",
  async run(ctx, target) {
    const name = await ctx.data.groupName(target.pimGroupId);
    const approverName = await ctx.data.groupName(target.approverGroupId);
    const policy = await ctx.data.memberPolicy(target.pimGroupId);
    if (!policy) return fail(`${name} has no PIM member policy (see "PIM for Groups is enabled").`, pimSettingsPortalPath(name));
    const fix = `${patchPolicyRule(ctx.graphBaseUrl, policy.policyId, approvalRule(target.approverGroupId, approverName))}\n${pimSettingsPortalPath(name)} → "Require approval to activate" → Select approver(s): only ${approverName}.`;
    const wanted = target.approverGroupId.toLowerCase();
    const groups = policy.parsed.approverGroupIds.map((g) => g.toLowerCase());
    const users = policy.parsed.approverUserIds;
    const approvalRuleRaw = policy.rules.find((r) => String(r.id).toLowerCase() === "approval_enduser_assignment");
    const stages = ((approvalRuleRaw?.setting as { approvalStages?: Stage[] } | undefined)?.approvalStages ?? []).length;
    const listed = [...(await Promise.all(groups.map((g) => ctx.data.groupName(g)))), ...users.map((u) => `user ${u}`)];
    if (!groups.includes(wanted)) {
      return fail(
        `PIM's approvers for ${name} are ${listed.length ? listed.join(", ") : "nobody"}, not the configured approver group ${approverName}: PIM would reject every decision made in the app, and the listed approvers can decide in the Entra portal instead.`,
        fix,
      );
    }
    const extras = listed.filter((_, i) => groups[i] !== wanted);
    if (extras.length || stages > 1) {
      const why = [extras.length ? `${extras.join(", ")} can also approve, in the Entra portal, without the app's checks` : "", stages > 1 ? `the policy has ${stages} approval stages; the app drives exactly one` : ""]
        .filter(Boolean)
        .join("; ");
      return warn(`${approverName} approves activations of ${name}, but ${why}.`, fix);
    }
    return pass(`${approverName} is the only primary approver for activations of ${name}.`);
  },
};
