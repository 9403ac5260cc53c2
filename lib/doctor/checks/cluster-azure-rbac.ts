import { parseClusterResourceId } from "@/lib/targets";
import { sh } from "../fixes";
import { fail, pass, type TargetCheck } from "../types";

/**
 * The cluster uses managed Entra integration with Azure RBAC for Kubernetes authorization. Only then does the PIM
 * group's Azure role assignment ("AKS RBAC Admin") mean anything to the API server; otherwise Kubernetes RBAC
 * decides and the group needs a RoleBinding of its own.
 */
export const clusterAzureRbac: TargetCheck = {
  id: "cluster-azure-rbac",
  title: "The cluster authorizes with Azure RBAC",
  scope: "target",
  async run(ctx, target) {
    const cluster = await ctx.data.cluster(target);
    const { resourceGroup, name } = parseClusterResourceId(target.clusterResourceId);
    const update = `az aks update --resource-group ${sh(resourceGroup)} --name ${sh(name)}`;
    if (!cluster.aad?.managed) {
      return fail(
        `${name} has no managed Microsoft Entra integration: kubectl users are not Entra identities there, so PIM group membership cannot reach the cluster.`,
        `${update} --enable-aad --enable-azure-rbac`,
      );
    }
    if (!cluster.aad.enableAzureRBAC) {
      return fail(
        `${name} uses Kubernetes RBAC, not Azure RBAC: the Azure role assignment of the PIM group is ignored by the API server. Either enable Azure RBAC, or bind the PIM group in Kubernetes (a ClusterRoleBinding to its object id) and keep the default group's read access as a Kubernetes binding too.`,
        `${update} --enable-azure-rbac\n# or, keeping Kubernetes RBAC:\nkubectl create clusterrolebinding aks-jit-admin --clusterrole=admin --group=${target.pimGroupId}`,
      );
    }
    return pass(`${name} uses managed Entra integration with Azure RBAC for Kubernetes authorization.`);
  },
};
