/** `/_emulator/ui/pim`: every module's `summary()` (PIM eligibilities, active memberships, requests, approvals…). */
import type { EmulatorModule, HttpResult, Services } from "../core/types";
import { html } from "./html";
import { layout } from "./layout";
import { renderValue } from "./render-value";

export function pimPage(services: Services, modules: readonly EmulatorModule[]): HttpResult {
  const sections = modules
    .filter((m) => typeof m.summary === "function")
    .map((m) => {
      let content;
      try {
        content = renderValue(m.summary?.(services));
      } catch (error) {
        // One broken summary must not take the whole page down.
        content = html`<p class="muted">Summary failed: ${error instanceof Error ? error.message : String(error)}</p>`;
      }
      return html`<section class="card" data-testid="module-summary"><h2>${m.name}</h2>${content}</section>`;
    });
  const body = html`<h1>PIM and other modules</h1><p class="muted">Emulated time: ${services.clock.now().toISOString()}</p>
${sections.length > 0 ? sections : html`<p class="muted">No module provides a summary.</p>`}`;
  return layout("PIM", body);
}
