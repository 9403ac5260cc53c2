/**
 * Role-management policies for PIM-onboarded groups as an emulator module (entra-graph-api.md §6). Other
 * modules read the rules through `effectiveRules` (./effective-rules).
 */
import type { EmulatorModule } from "../core/types";
import { registerPolicyRoutes } from "./routes";
import { seedPolicies } from "./seed";
import { POLICIES, type PoliciesState } from "./state";
import { policiesSummary } from "./summary";

export { effectiveRules, ensureGroupOnboarded } from "./effective-rules";

export const policiesModule: EmulatorModule<PoliciesState> = {
  name: POLICIES,
  seed: (fixture) => seedPolicies(fixture),
  register: registerPolicyRoutes,
  summary: policiesSummary,
};
