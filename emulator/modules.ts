/**
 * Feature modules mounted by the emulator core (emulator/server.ts). Each owns one slice of the tenant
 * state and its routes; see the EmulatorModule contract in emulator/core/types.ts.
 */
import type { EmulatorModule } from "./core/types";

export const modules: EmulatorModule[] = [];
