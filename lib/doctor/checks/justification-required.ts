import { enablementRule, patchPolicyRule, pimSettingsPortalPath } from "../fixes";
import { fail, pass, type TargetCheck } from "../types";

/** PIM itself demands a justification, so one exists even for activations that do not come through the app. */
export const justificationRequired: TargetCheck = {
  id: "justification-required",
  title: "Activation requires a justification",
  scope: "target",
  async run(ctx, target) {
    const name = await ctx.data.groupName(target.pimGroupId);
    const policy = await ctx.data.memberPolicy(target.pimGroupId);
    if (!policy) return fail(`${name} has no PIM member policy (see "PIM for Groups is enabled").`, pimSettingsPortalPath(name));
    if (!policy.parsed.isJustificationRequired) {
      const rule = policy.rules.find((r) => String(r.id).toLowerCase() === "enablement_enduser_assignment");
      const current = Array.isArray(rule?.enabledRules) ? rule.enabledRules.map(String) : [];
      return fail(
        `The member policy of ${name} does not require a justification on activation: approvers and auditors would see activations without a reason.`,
        `${patchPolicyRule(ctx.graphBaseUrl, policy.policyId, enablementRule([...current, "Justification"]))}\n${pimSettingsPortalPath(name)} → "On activation, require": Justification.`,
      );
    }
    return pass(`Activating ${name} requires a justification.`);
  },
};
