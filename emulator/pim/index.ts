/**
 * PIM for Groups as an emulator module: eligibility/assignment schedules, schedule requests with PIM's
 * validation, approvals, and the group-membership side effects (entra-graph-api.md §3–§5).
 */
import type { EmulatorModule } from "../core/types";
import { PIM, type PimState } from "./model";
import { registerApprovalRoutes } from "./routes-approvals";
import { registerCollectionRoutes } from "./routes-collections";
import { registerRequestRoutes } from "./routes-requests";
import { seedPim } from "./seed";
import { pimSummary } from "./summary";
import { tickPim } from "./tick";

export const pimModule: EmulatorModule<PimState> = {
  name: PIM,
  seed: (fixture, services) => seedPim(fixture, services.clock.nowMs()),
  register(router) {
    registerCollectionRoutes(router);
    registerRequestRoutes(router);
    registerApprovalRoutes(router);
  },
  tick(services) {
    if (tickPim(services.slice<PimState>(PIM), services.directory, services.clock.nowMs(), services.options())) services.changed();
  },
  summary: pimSummary,
};
