/** Built-in Azure roles the setup check looks for (entra-graph-api.md §13.4). Compared by GUID, never by name. */
export const AZURE_ROLES = {
  aksRbacAdmin: { id: "3498e952-d568-435e-9b2c-8d77e338d7f7", name: "Azure Kubernetes Service RBAC Admin" },
  aksRbacClusterAdmin: { id: "b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b", name: "Azure Kubernetes Service RBAC Cluster Admin" },
  aksRbacReader: { id: "7f6c6a51-bcf8-42ba-9220-52d62157d7db", name: "Azure Kubernetes Service RBAC Reader" },
  aksRbacWriter: { id: "a7ffa36f-339b-4b5c-8bdf-e2c188b2c0eb", name: "Azure Kubernetes Service RBAC Writer" },
  aksClusterUser: { id: "4abbcc35-e782-43d8-92c5-2d3f1bd2253f", name: "Azure Kubernetes Service Cluster User Role" },
  aksClusterAdmin: { id: "0ab0b1a8-8aac-4efd-b8c2-3ee1fb270be8", name: "Azure Kubernetes Service Cluster Admin Role" },
  aksContributor: { id: "ed7f3fbd-7b88-4dd4-9017-9adb7ce333f8", name: "Azure Kubernetes Service Contributor Role" },
  reader: { id: "acdd72a7-3385-48ef-bd42-f606fba81ae7", name: "Reader" },
  contributor: { id: "b24988ac-6180-42a0-ab88-20f7382dd24c", name: "Contributor" },
  owner: { id: "8e3af657-a8ff-443c-a75c-2fe8c4bcb635", name: "Owner" },
} as const;

export type AzureRole = (typeof AZURE_ROLES)[keyof typeof AZURE_ROLES];

/** "Reader" for a known GUID, the GUID itself otherwise. */
export function roleName(guid: string): string {
  return Object.values(AZURE_ROLES).find((r) => r.id === guid.toLowerCase())?.name ?? guid;
}
