import { roleName } from "../azure-roles";
import { deleteRoleAssignments } from "../fixes";
import { fail, pass, type TargetCheck } from "../types";

/**
 * The approver group holds no Azure role on the cluster, its resource group or subscription (the scope chain, plus
 * anything inside the cluster). Approvers decide who gets elevated; they should not hold cluster power themselves
 * through the very group that makes them approvers.
 */
export const approverAzureRoles: TargetCheck = {
  id: "approver-azure-roles",
  title: "The approver group holds no Azure roles on the cluster",
  scope: "target",
  async run(ctx, target) {
    const name = await ctx.data.groupName(target.approverGroupId);
    const assignments = await ctx.data.roleAssignments(target, target.approverGroupId);
    if (assignments.length) {
      const list = assignments.map((a) => `${roleName(a.roleDefinitionGuid)} at ${a.scope}`).join("; ");
      return fail(
        `${name} holds Azure role assignments reaching the cluster: ${list}. The approver group should grant nothing but the right to approve.`,
        deleteRoleAssignments(assignments.map((a) => a.id)),
      );
    }
    return pass(`${name} holds no Azure role assignment on the cluster, its resource group or its subscription.`);
  },
};
