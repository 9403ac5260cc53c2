import { parseClusterResourceId } from "@/lib/targets";
import { sh } from "../fixes";
import { pass, warn, type TargetCheck } from "../types";

/**
 * Local accounts are disabled. Otherwise anyone with Contributor or Cluster Admin Role on the cluster (or its
 * resource group or subscription) can fetch the static admin kubeconfig with `az aks get-credentials --admin` and
 * skip Entra, PIM and this app altogether (sources/004).
 */
export const clusterLocalAccounts: TargetCheck = {
  id: "cluster-local-accounts",
  title: "The cluster's local admin account is disabled",
  scope: "target",
  async run(ctx, target) {
    const cluster = await ctx.data.cluster(target);
    const { resourceGroup, name } = parseClusterResourceId(target.clusterResourceId);
    if (!cluster.disableLocalAccounts) {
      return warn(
        `${name} still has its local admin account: \`az aks get-credentials --admin\` gives a static cluster-admin kubeconfig to anyone allowed listClusterAdminCredential, bypassing PIM.`,
        `az aks update --resource-group ${sh(resourceGroup)} --name ${sh(name)} --disable-local-accounts`,
      );
    }
    return pass(`${name} has local accounts disabled: cluster access always goes through Microsoft Entra ID.`);
  },
};
