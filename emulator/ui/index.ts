/**
 * The emulator's web UI (server-rendered, no scripts): home, mailbox, directory and module summaries under
 * `/_emulator`. JSON hooks such as `GET /_emulator/mail` belong to the core, not here.
 */
import type { EmulatorModule, Router, Services } from "../core/types";
import { directoryPage } from "./directory-page";
import { homePage } from "./home-page";
import { mailListPage, mailMessagePage } from "./mail-pages";
import { pimPage } from "./pim-page";

export function registerUi(router: Router, services: Services, modules: readonly EmulatorModule[]): void {
  router.add("emulator", "GET", "/_emulator", () => homePage(services));
  router.add("emulator", "GET", "/_emulator/ui", () => ({ status: 302, redirect: "/_emulator" }));
  router.add("emulator", "GET", "/_emulator/ui/mail", (ctx) => mailListPage(ctx, services));
  router.add("emulator", "GET", "/_emulator/ui/mail/:id", (ctx) => mailMessagePage(ctx, services));
  router.add("emulator", "GET", "/_emulator/ui/directory", () => directoryPage(services));
  router.add("emulator", "GET", "/_emulator/ui/pim", () => pimPage(services, modules));
}
