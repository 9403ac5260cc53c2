/**
 * The few Azure Resource Manager calls the product makes (entra-graph-api.md §13): Azure role assignments and
 * built-in role definitions (Microsoft.Authorization 2022-04-01) and the AKS managed cluster resource, with
 * Azure RBAC enforced on the caller.
 */
import type { EmulatorModule } from "../core/types";
import { registerClusterRoutes } from "./routes-clusters";
import { registerRoleAssignmentRoutes } from "./routes-role-assignments";
import { registerRoleDefinitionRoutes } from "./routes-role-definitions";
import { seedArm } from "./seed";
import { ARM, type ArmState } from "./state";
import { armSummary } from "./summary";

export const armModule: EmulatorModule<ArmState> = {
  name: ARM,
  seed: (fixture, services) => seedArm(fixture, new Date(services.clock.nowMs()).toISOString().replace("Z", "0000Z")),
  register(router) {
    registerClusterRoutes(router);
    registerRoleAssignmentRoutes(router);
    registerRoleDefinitionRoutes(router);
  },
  summary: armSummary,
};
