import { parseClusterResourceId } from "@/lib/targets";
import { sh } from "../fixes";
import { fail, pass, type TargetCheck } from "../types";

/**
 * Neither the PIM group nor the groups eligible for it are in the cluster's `adminGroupObjectIDs`. Those groups are
 * bound to Kubernetes cluster-admin (aks-cluster-admin-binding-aad), outside Azure RBAC: an eligible group there
 * means standing cluster-admin, and the PIM group there means activation grants full cluster-admin instead of
 * the AKS RBAC Admin role the approvers were asked about.
 */
export const clusterAdminGroups: TargetCheck = {
  id: "cluster-admin-groups",
  title: "The PIM group is not a cluster admin group",
  scope: "target",
  async run(ctx, target) {
    const cluster = await ctx.data.cluster(target);
    const { resourceGroup, name } = parseClusterResourceId(target.clusterResourceId);
    const admins = cluster.aad?.adminGroupObjectIDs ?? [];
    const eligibleGroups = (await ctx.data.eligibilities(target.pimGroupId)).filter((e) => e.kind === "group").map((e) => e.principalId);
    const offending = [target.pimGroupId, ...eligibleGroups].map((g) => g.toLowerCase()).filter((g) => admins.includes(g));
    if (offending.length) {
      const names = await Promise.all(offending.map((g) => ctx.data.groupName(g)));
      const remaining = admins.filter((g) => !offending.includes(g));
      return fail(
        `${names.join(", ")} ${offending.length === 1 ? "is" : "are"} in adminGroupObjectIDs of ${name}: members get Kubernetes cluster-admin through Kubernetes RBAC, bypassing the Azure RBAC role and, for an eligible group, without any activation.`,
        `az aks update --resource-group ${sh(resourceGroup)} --name ${sh(name)} --aad-admin-group-object-ids ${remaining.length ? remaining.join(",") : "<object id of a break-glass admin group>"}`,
      );
    }
    return pass(`Neither the PIM group nor its eligible groups are cluster admin groups of ${name} (${admins.length ? `admin groups: ${admins.join(", ")}` : "no admin groups"}).`);
  },
};
