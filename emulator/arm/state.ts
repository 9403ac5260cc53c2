/** The ARM slice: one subscription with its resource groups, AKS clusters and Azure role assignments. */
export const ARM = "arm";

export interface AadProfile {
  managed: boolean;
  enableAzureRBAC: boolean;
  adminGroupObjectIDs: string[];
  tenantID: string;
}

export interface ManagedCluster {
  resourceGroup: string;
  name: string;
  location: string;
  kubernetesVersion: string;
  enableRBAC: boolean;
  disableLocalAccounts: boolean;
  aadProfile: AadProfile;
  oidcIssuerURL: string;
}

export interface RoleAssignment {
  /** GUID, the last segment of the id. */
  name: string;
  scope: string;
  roleDefinitionGuid: string;
  principalId: string;
  principalType: "User" | "Group" | "ServicePrincipal" | "ForeignGroup" | "Device";
  description: string | null;
  createdOn: string;
  updatedOn: string;
  createdBy: string | null;
  updatedBy: string | null;
}

export interface ArmState {
  subscriptionId: string;
  tenantId: string;
  resourceGroups: { name: string; location: string }[];
  managedClusters: ManagedCluster[];
  roleAssignments: RoleAssignment[];
  /** Service principal object ids of the fixture's applications (DirectoryService only knows users and groups). */
  servicePrincipalIds: string[];
  /** Page size of role-assignment lists (small values let tests exercise nextLink paging). */
  pageSize: number;
}
