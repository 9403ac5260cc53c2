/**
 * AKS managed clusters (§13.5): GET one cluster (with `properties.aadProfile` in the REST casing), list a
 * resource group's clusters, and `listClusterUserCredential` (a kubelogin-based kubeconfig, no secret).
 */
import { ArmError, type Ctx, type Router } from "../core/types";
import { requireClusterApiVersion } from "./api-version";
import { requireAction } from "./authorize";
import { clusterJson, kubeconfigFor } from "./render";
import { requireScopeExists } from "./scope";
import { ARM, type ArmState, type ManagedCluster } from "./state";

const BASE = "/subscriptions/:sub/resourceGroups/:rg/providers/Microsoft.ContainerService/managedClusters";

function scopeOf(ctx: Ctx, name?: string): string {
  const rgScope = `/subscriptions/${ctx.params.sub ?? ""}/resourceGroups/${ctx.params.rg ?? ""}`;
  return name === undefined ? rgScope : `${rgScope}/providers/Microsoft.ContainerService/managedClusters/${name}`;
}

function clusterIn(arm: ArmState, ctx: Ctx): ManagedCluster | undefined {
  const rg = (ctx.params.rg ?? "").toLowerCase();
  const name = (ctx.params.name ?? "").toLowerCase();
  return arm.managedClusters.find((c) => c.resourceGroup.toLowerCase() === rg && c.name.toLowerCase() === name);
}

/** api-version → RBAC for `action` at the cluster → the cluster must exist. */
function authorizedCluster(ctx: Ctx, action: string): { arm: ArmState; cluster: ManagedCluster } {
  const arm = ctx.services.slice<ArmState>(ARM);
  const found = clusterIn(arm, ctx);
  requireClusterApiVersion(ctx, found?.location ?? arm.resourceGroups[0]?.location ?? "westeurope");
  const scope = scopeOf(ctx, ctx.params.name ?? "");
  requireAction(arm, ctx.services.directory, ctx.caller(), action, scope);
  requireScopeExists(arm, scope);
  if (!found) throw new ArmError(404, "ResourceNotFound", `The Resource 'Microsoft.ContainerService/managedClusters/${ctx.params.name ?? ""}' was not found.`);
  return { arm, cluster: found };
}

export function registerClusterRoutes(router: Router): void {
  router.add("arm", "GET", `${BASE}/:name`, (ctx) => {
    const { arm, cluster } = authorizedCluster(ctx, "Microsoft.ContainerService/managedClusters/read");
    return { status: 200, json: clusterJson(arm, cluster) };
  });

  router.add("arm", "POST", `${BASE}/:name/listClusterUserCredential`, (ctx) => {
    const { arm, cluster } = authorizedCluster(ctx, "Microsoft.ContainerService/managedClusters/listClusterUserCredential/action");
    const fqdn = String((clusterJson(arm, cluster).properties as { fqdn: string }).fqdn);
    return { status: 200, json: { kubeconfigs: [{ name: "clusterUser", value: Buffer.from(kubeconfigFor(cluster, fqdn)).toString("base64") }] } };
  });

  router.add("arm", "GET", BASE, (ctx) => {
    const arm = ctx.services.slice<ArmState>(ARM);
    requireClusterApiVersion(ctx, arm.resourceGroups[0]?.location ?? "westeurope");
    const scope = scopeOf(ctx);
    const caller = ctx.caller();
    requireAction(arm, ctx.services.directory, caller, "Microsoft.ContainerService/managedClusters/read", scope);
    requireScopeExists(arm, scope);
    const value = arm.managedClusters.filter((c) => c.resourceGroup.toLowerCase() === (ctx.params.rg ?? "").toLowerCase()).map((c) => clusterJson(arm, c));
    return { status: 200, json: { value } };
  });
}
