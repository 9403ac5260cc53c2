/**
 * Built-in Azure role definitions the emulator knows (entra-graph-api.md §13.4): the AKS roles plus Reader,
 * Contributor, Owner and User Access Administrator. Actions are written from the published catalogue's shape;
 * they drive both the role-definition API and the emulator's own ARM authorization.
 */
export interface RolePermission {
  actions: string[];
  notActions: string[];
  dataActions: string[];
  notDataActions: string[];
}

export interface BuiltInRole {
  id: string;
  roleName: string;
  description: string;
  permissions: RolePermission[];
}

const K8S = "Microsoft.ContainerService/managedClusters";
/** The control-plane actions every AKS RBAC role carries: read the ARM hierarchy, open support cases. */
const armManage = [
  "Microsoft.Authorization/*/read",
  "Microsoft.Insights/alertRules/*",
  "Microsoft.Resources/deployments/write",
  "Microsoft.Resources/subscriptions/operationresults/read",
  "Microsoft.Resources/subscriptions/read",
  "Microsoft.Resources/subscriptions/resourceGroups/read",
  "Microsoft.Support/*",
];

/** Namespaced Kubernetes kinds an AKS reader may see (no secrets, roles or bindings). */
const readableKinds = [
  "apps/controllerrevisions",
  "apps/daemonsets",
  "apps/deployments",
  "apps/replicasets",
  "apps/statefulsets",
  "autoscaling/horizontalpodautoscalers",
  "batch/cronjobs",
  "batch/jobs",
  "configmaps",
  "discovery.k8s.io/endpointslices",
  "endpoints",
  "events.k8s.io/events",
  "events",
  "extensions/daemonsets",
  "extensions/deployments",
  "extensions/ingresses",
  "extensions/networkpolicies",
  "extensions/replicasets",
  "limitranges",
  "metrics.k8s.io/pods",
  "metrics.k8s.io/nodes",
  "namespaces",
  "networking.k8s.io/ingresses",
  "networking.k8s.io/networkpolicies",
  "persistentvolumeclaims",
  "pods",
  "policy/poddisruptionbudgets",
  "replicationcontrollers",
  "resourcequotas",
  "serviceaccounts",
  "services",
];
/** Kinds an AKS writer may change (namespaced workloads, including secrets; never RBAC objects). */
const writableKinds = readableKinds.filter((k) => !["events.k8s.io/events", "events", "limitranges", "metrics.k8s.io/pods", "metrics.k8s.io/nodes", "namespaces", "resourcequotas"].includes(k));

const perm = (p: Partial<RolePermission>): RolePermission[] => [{ actions: [], notActions: [], dataActions: [], notDataActions: [], ...p }];

export const builtInRoles: readonly BuiltInRole[] = [
  {
    id: "3498e952-d568-435e-9b2c-8d77e338d7f7",
    roleName: "Azure Kubernetes Service RBAC Admin",
    description: "Lets you manage all resources under cluster/namespace, except update or delete resource quotas and namespaces.",
    permissions: perm({
      actions: [...armManage, `${K8S}/listClusterUserCredential/action`],
      dataActions: [`${K8S}/*`],
      notDataActions: [`${K8S}/resourcequotas/write`, `${K8S}/resourcequotas/delete`, `${K8S}/namespaces/write`, `${K8S}/namespaces/delete`],
    }),
  },
  {
    id: "b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b",
    roleName: "Azure Kubernetes Service RBAC Cluster Admin",
    description: "Lets you manage all resources in the cluster.",
    permissions: perm({ actions: [...armManage, `${K8S}/listClusterUserCredential/action`], dataActions: [`${K8S}/*`] }),
  },
  {
    id: "7f6c6a51-bcf8-42ba-9220-52d62157d7db",
    roleName: "Azure Kubernetes Service RBAC Reader",
    description: "Allows read-only access to see most objects in a namespace. It does not allow viewing roles or role bindings, nor Secrets.",
    permissions: perm({ actions: armManage, dataActions: readableKinds.map((k) => `${K8S}/${k}/read`) }),
  },
  {
    id: "a7ffa36f-339b-4b5c-8bdf-e2c188b2c0eb",
    roleName: "Azure Kubernetes Service RBAC Writer",
    description: "Allows read/write access to most objects in a namespace. It does not allow viewing or modifying roles or role bindings.",
    permissions: perm({
      actions: armManage,
      dataActions: [
        ...readableKinds.map((k) => `${K8S}/${k}/read`),
        ...writableKinds.flatMap((k) => [`${K8S}/${k}/write`, `${K8S}/${k}/delete`]),
        `${K8S}/secrets/*`,
        `${K8S}/pods/exec/action`,
        `${K8S}/serviceaccounts/impersonate/action`,
      ],
    }),
  },
  {
    id: "4abbcc35-e782-43d8-92c5-2d3f1bd2253f",
    roleName: "Azure Kubernetes Service Cluster User Role",
    description: "List cluster user credential action.",
    permissions: perm({ actions: [`${K8S}/listClusterUserCredential/action`, `${K8S}/read`] }),
  },
  {
    id: "0ab0b1a8-8aac-4efd-b8c2-3ee1fb270be8",
    roleName: "Azure Kubernetes Service Cluster Admin Role",
    description: "List cluster admin credential action.",
    permissions: perm({
      actions: [`${K8S}/listClusterAdminCredential/action`, `${K8S}/accessProfiles/listCredential/action`, `${K8S}/read`, `${K8S}/runcommand/action`],
    }),
  },
  {
    id: "ed7f3fbd-7b88-4dd4-9017-9adb7ce333f8",
    roleName: "Azure Kubernetes Service Contributor Role",
    description: "Grants access to read and write Azure Kubernetes Service clusters.",
    permissions: perm({
      actions: [
        "Microsoft.Authorization/*/read",
        "Microsoft.Insights/alertRules/*",
        `${K8S}/read`,
        `${K8S}/write`,
        "Microsoft.Resources/deployments/*",
        "Microsoft.Resources/subscriptions/resourceGroups/read",
        "Microsoft.Support/*",
      ],
    }),
  },
  {
    id: "acdd72a7-3385-48ef-bd42-f606fba81ae7",
    roleName: "Reader",
    description: "View all resources, but does not allow you to make any changes.",
    permissions: perm({ actions: ["*/read"] }),
  },
  {
    id: "b24988ac-6180-42a0-ab88-20f7382dd24c",
    roleName: "Contributor",
    description: "Grants full access to manage all resources, but does not allow you to assign roles in Azure RBAC.",
    permissions: perm({
      actions: ["*"],
      notActions: [
        "Microsoft.Authorization/*/Delete",
        "Microsoft.Authorization/*/Write",
        "Microsoft.Authorization/elevateAccess/Action",
        "Microsoft.Blueprint/blueprintAssignments/write",
        "Microsoft.Blueprint/blueprintAssignments/delete",
        "Microsoft.Compute/galleries/share/action",
      ],
    }),
  },
  {
    id: "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
    roleName: "Owner",
    description: "Grants full access to manage all resources, including the ability to assign roles in Azure RBAC.",
    permissions: perm({ actions: ["*"] }),
  },
  {
    id: "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9",
    roleName: "User Access Administrator",
    description: "Lets you manage user access to Azure resources.",
    permissions: perm({ actions: ["*/read", "Microsoft.Authorization/*", "Microsoft.Support/*"] }),
  },
];

export function findBuiltInRole(id: string): BuiltInRole | undefined {
  const guid = id.split("/").pop()?.toLowerCase();
  return builtInRoles.find((r) => r.id === guid);
}
