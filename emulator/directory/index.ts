/**
 * The directory as an emulator module: its slice (users, groups, service principals, directory roles) and the
 * Graph v1.0 directory routes. The core builds `services.directory` with `createDirectoryService`.
 */
import type { EmulatorModule } from "../core/types";
import { registerCheckMemberGroups } from "./check-member-groups";
import { registerGroupRoutes } from "./group-routes";
import { registerMemberOfRoutes } from "./member-of-routes";
import { seedDirectory, type DirectoryState } from "./state";
import { registerUserRoutes } from "./user-routes";

export { createDirectoryService } from "./service";
export type { DirectoryState } from "./state";

export const directoryModule: EmulatorModule<DirectoryState> = {
  name: "directory",
  seed: (fixture) => seedDirectory(fixture),
  register(router) {
    registerUserRoutes(router);
    registerGroupRoutes(router);
    registerMemberOfRoutes(router);
    registerCheckMemberGroups(router);
  },
};
