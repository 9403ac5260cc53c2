import { fail, pass, type TargetCheck } from "../types";

/** PIM for Groups is switched on for the PIM group: it has policy assignments (a never-onboarded group has none, §6.1). */
export const pimEnabled: TargetCheck = {
  id: "pim-enabled",
  title: "PIM for Groups is enabled for the PIM group",
  scope: "target",
  async run(ctx, target) {
    const name = await ctx.data.groupName(target.pimGroupId);
    const assignments = await ctx.data.policyAssignments(target.pimGroupId);
    const member = assignments.find((a) => a.roleDefinitionId.toLowerCase() === "member");
    if (!member) {
      return fail(
        `${name} has ${assignments.length ? "no member policy" : "no PIM policy assignments"}: it is not managed by PIM for Groups, so nobody can be eligible for it and nothing can be activated.`,
        `Portal: Microsoft Entra admin center → Identity Governance → Privileged Identity Management → Groups → Discover groups → select ${name} → Manage groups. Then add the eligible assignment: Groups → ${name} → Assignments → Add assignments → Role "Member", Assignment type "Eligible".`,
      );
    }
    return pass(`${name} is managed by PIM for Groups (member policy ${member.policyId}).`);
  },
};
