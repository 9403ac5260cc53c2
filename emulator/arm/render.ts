/** REST shapes (with nested `properties`; the SDK flattens them) of role assignments, role definitions and clusters. */
import { stableGuid } from "../policies/stable-guid";
import type { BuiltInRole } from "./role-catalogue";
import { parseScope } from "./scope";
import type { ArmState, ManagedCluster, RoleAssignment } from "./state";

const RA_TYPE = "Microsoft.Authorization/roleAssignments";
const RD_TYPE = "Microsoft.Authorization/roleDefinitions";

function prefix(scope: string): string {
  return scope === "/" ? "" : scope;
}

/** Role definition id as ARM writes it: subscription-qualified under a subscription, tenant-level otherwise. */
export function roleDefinitionIdAt(scope: string, guid: string): string {
  const sub = parseScope(scope).subscriptionId;
  return `${sub ? `/subscriptions/${sub}` : ""}/providers/${RD_TYPE}/${guid}`;
}

export function roleAssignmentJson(ra: RoleAssignment): Record<string, unknown> {
  return {
    id: `${prefix(ra.scope)}/providers/${RA_TYPE}/${ra.name}`,
    name: ra.name,
    type: RA_TYPE,
    properties: {
      roleDefinitionId: roleDefinitionIdAt(ra.scope, ra.roleDefinitionGuid),
      principalId: ra.principalId,
      principalType: ra.principalType,
      scope: ra.scope,
      condition: null,
      conditionVersion: null,
      createdOn: ra.createdOn,
      updatedOn: ra.updatedOn,
      createdBy: ra.createdBy,
      updatedBy: ra.updatedBy,
      delegatedManagedIdentityResourceId: null,
      description: ra.description,
    },
  };
}

export function roleDefinitionJson(role: BuiltInRole, scope: string): Record<string, unknown> {
  return {
    id: roleDefinitionIdAt(scope, role.id),
    name: role.id,
    type: RD_TYPE,
    properties: {
      roleName: role.roleName,
      type: "BuiltInRole",
      description: role.description,
      assignableScopes: ["/"],
      permissions: role.permissions,
      createdOn: "2020-01-01T00:00:00.0000000Z",
      updatedOn: "2024-01-01T00:00:00.0000000Z",
      createdBy: null,
      updatedBy: null,
    },
  };
}

export function clusterJson(state: ArmState, c: ManagedCluster): Record<string, unknown> {
  const dnsPrefix = `${c.name}-dns`;
  const host = `${dnsPrefix}-${stableGuid("fqdn", c.name).slice(0, 8)}.hcp.${c.location}.azmk8s.io`;
  return {
    // AKS really writes "resourcegroups" in lower case here.
    id: `/subscriptions/${state.subscriptionId}/resourcegroups/${c.resourceGroup}/providers/Microsoft.ContainerService/managedClusters/${c.name}`,
    location: c.location,
    name: c.name,
    type: "Microsoft.ContainerService/ManagedClusters",
    tags: {},
    sku: { name: "Base", tier: "Free" },
    identity: { type: "SystemAssigned", principalId: stableGuid("cluster-identity", c.name), tenantId: state.tenantId },
    properties: {
      provisioningState: "Succeeded",
      powerState: { code: "Running" },
      kubernetesVersion: c.kubernetesVersion,
      currentKubernetesVersion: c.kubernetesVersion,
      dnsPrefix,
      fqdn: host,
      azurePortalFQDN: host.replace(".hcp.", ".portal.hcp."),
      enableRBAC: c.enableRBAC,
      disableLocalAccounts: c.disableLocalAccounts,
      aadProfile: { ...c.aadProfile },
      nodeResourceGroup: `MC_${c.resourceGroup}_${c.name}_${c.location}`,
      oidcIssuerProfile: { enabled: true, issuerURL: c.oidcIssuerURL },
      securityProfile: { workloadIdentity: { enabled: true } },
      agentPoolProfiles: [{ name: "system", count: 3, vmSize: "Standard_D4ds_v5", mode: "System", osType: "Linux", orchestratorVersion: c.kubernetesVersion }],
    },
  };
}

export function kubeconfigFor(c: ManagedCluster, fqdn: string): string {
  // A user kubeconfig for an Entra-integrated cluster delegates sign-in to kubelogin; it holds no secret.
  return [
    "apiVersion: v1",
    "kind: Config",
    `clusters:\n- cluster:\n    server: https://${fqdn}:443\n  name: ${c.name}`,
    `contexts:\n- context:\n    cluster: ${c.name}\n    user: clusterUser_${c.resourceGroup}_${c.name}\n  name: ${c.name}`,
    `current-context: ${c.name}`,
    "preferences: {}",
    `users:\n- name: clusterUser_${c.resourceGroup}_${c.name}\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: kubelogin\n      args:\n      - get-token\n      - --login\n      - devicecode\n      - --server-id\n      - 6dae42f8-4368-4678-94ff-3960e28e3630\n      - --tenant-id\n      - ${c.aadProfile.tenantID}`,
    "",
  ].join("\n");
}
