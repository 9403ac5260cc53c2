import { AZURE_ROLES } from "../azure-roles";
import { assignRole } from "../fixes";
import { isAtOrAbove } from "../scopes";
import { fail, pass, type TargetCheck } from "../types";

const needed = [AZURE_ROLES.aksRbacReader, AZURE_ROLES.aksClusterUser] as const;

/**
 * The everyday access of the people who may elevate (the "default" group of sources/002): AKS RBAC Reader to see
 * the cluster, and Cluster User Role to download the kubeconfig at all — without it, users have nothing to run
 * `kubectl` with before (or after) an activation.
 */
export const eligibleRoles: TargetCheck = {
  id: "eligible-roles",
  title: "Eligible principals hold AKS RBAC Reader and Cluster User Role",
  scope: "target",
  async run(ctx, target) {
    const pimName = await ctx.data.groupName(target.pimGroupId);
    const eligibilities = await ctx.data.eligibilities(target.pimGroupId);
    if (eligibilities.length === 0) {
      return fail(
        `Nobody is eligible for ${pimName}: no one can request elevation.`,
        `Portal: Microsoft Entra admin center → Identity Governance → Privileged Identity Management → Groups → ${pimName} → Assignments → Add assignments → Role "Member", your default group, Assignment type "Eligible".`,
      );
    }
    const gaps: string[] = [];
    const fixes: string[] = [];
    const fine: string[] = [];
    for (const e of eligibilities) {
      const label = e.displayName ? `${e.displayName} (${e.principalId})` : e.principalId;
      const held = (await ctx.data.roleAssignments(target, e.principalId)).filter((a) => isAtOrAbove(a.scope, target.clusterResourceId));
      const missing = needed.filter((role) => !held.some((a) => a.roleDefinitionGuid === role.id));
      if (missing.length === 0) {
        fine.push(label);
        continue;
      }
      gaps.push(`${label} lacks ${missing.map((r) => r.name).join(" and ")}`);
      const type = e.kind === "user" ? "User" : "Group";
      fixes.push(...missing.map((role) => assignRole({ id: e.principalId, type }, role, target.clusterResourceId)));
    }
    if (gaps.length) return fail(`Eligible for ${pimName}: ${gaps.join("; ")} on the cluster.`, fixes.join("\n"));
    return pass(`Every principal eligible for ${pimName} (${fine.join(", ")}) holds ${needed.map((r) => r.name).join(" and ")} on the cluster.`);
  },
};
