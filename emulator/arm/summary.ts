/** What the emulator UI shows about ARM: the clusters and who holds which role where. */
import type { Services } from "../core/types";
import { findBuiltInRole } from "./role-catalogue";
import { ARM, type ArmState } from "./state";

export function armSummary(services: Services) {
  const arm = services.slice<ArmState>(ARM);
  const { directory } = services;
  return {
    subscriptionId: arm.subscriptionId,
    managedClusters: arm.managedClusters.map((c) => ({
      resourceGroup: c.resourceGroup,
      name: c.name,
      kubernetesVersion: c.kubernetesVersion,
      enableAzureRBAC: c.aadProfile.enableAzureRBAC,
      adminGroupObjectIDs: c.aadProfile.adminGroupObjectIDs,
    })),
    roleAssignments: arm.roleAssignments.map((ra) => ({
      principal: directory.getUser(ra.principalId)?.displayName ?? directory.getGroup(ra.principalId)?.displayName ?? ra.principalId,
      principalType: ra.principalType,
      role: findBuiltInRole(ra.roleDefinitionGuid)?.roleName ?? ra.roleDefinitionGuid,
      scope: ra.scope,
    })),
  };
}
