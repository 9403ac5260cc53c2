/**
 * Feature modules mounted by the emulator core (emulator/server.ts). Each owns one slice of the tenant
 * state and its routes; see the EmulatorModule contract in emulator/core/types.ts.
 */
import { armModule } from "./arm";
import type { EmulatorModule } from "./core/types";
import { pimModule } from "./pim";
import { policiesModule } from "./policies";

// Policies first: PIM reads the policy slice when it validates requests and onboards groups.
export const modules: EmulatorModule[] = [policiesModule, pimModule, armModule];
