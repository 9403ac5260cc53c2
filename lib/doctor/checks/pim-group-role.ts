import { parseClusterResourceId } from "@/lib/targets";
import { AZURE_ROLES } from "../azure-roles";
import { assignRole, deleteRoleAssignments } from "../fixes";
import { isSameScope, isAtOrAbove } from "../scopes";
import { fail, pass, warn, type TargetCheck } from "../types";

const adminRoles: readonly string[] = [AZURE_ROLES.aksRbacAdmin.id, AZURE_ROLES.aksRbacClusterAdmin.id];

/** What activation grants: the PIM group holds "Azure Kubernetes Service RBAC Admin" on exactly the cluster. */
export const pimGroupRole: TargetCheck = {
  id: "pim-group-role",
  title: "The PIM group holds AKS RBAC Admin on the cluster",
  scope: "target",
  async run(ctx, target) {
    const name = await ctx.data.groupName(target.pimGroupId);
    const assignments = await ctx.data.roleAssignments(target, target.pimGroupId);
    const admin = assignments.filter((a) => adminRoles.includes(a.roleDefinitionGuid) && isAtOrAbove(a.scope, target.clusterResourceId));
    const exact = admin.find((a) => isSameScope(a.scope, target.clusterResourceId));
    const fix = assignRole({ id: target.pimGroupId, type: "Group" }, AZURE_ROLES.aksRbacAdmin, target.clusterResourceId);
    if (exact) {
      const role = exact.roleDefinitionGuid === AZURE_ROLES.aksRbacAdmin.id ? AZURE_ROLES.aksRbacAdmin.name : AZURE_ROLES.aksRbacClusterAdmin.name;
      return pass(`${name} holds ${role} at the cluster ${parseClusterResourceId(target.clusterResourceId).name}: activating the group grants it.`);
    }
    if (admin.length) {
      return warn(
        `${name} holds AKS RBAC admin rights only at ${admin.map((a) => a.scope).join(", ")}: activating it grants admin on every cluster under that scope, not just this one.`,
        `${fix}\n${deleteRoleAssignments(admin.map((a) => a.id))}`,
      );
    }
    return fail(`${name} holds no "${AZURE_ROLES.aksRbacAdmin.name}" role on the cluster: activating it would give nothing in Kubernetes.`, fix);
  },
};
