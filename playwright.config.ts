import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";

// Playwright cannot download browsers here: use Debian's Chromium (.ci/run installs it when missing).
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export default defineConfig({
  testDir: "e2e",
  testMatch: "**/*.spec.ts",
  // Each spec file starts its own stack (emulator + embedded PostgreSQL + app on free ports, its own data folder) —
  // see e2e/support/stack.ts — so files could run side by side; one at a time, because `npm test` runs the
  // end-to-end step beside the integration and reliability steps, and those are the longer ones: a second browser and
  // app server would only take CPU from them.
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  forbidOnly: !!process.env.CI,
  outputDir: ".data/test-results/playwright",
  use: {
    ...devices["Desktop Chrome"],
    // The emulator's certificate comes from a local CA the browser does not know.
    ignoreHTTPSErrors: true,
    // Users who ask for reduced motion (app/globals.css honours it) get no animations: the live indicator's pulse
    // on a request page kept Chromium's compositor busy all the time a test looked at that page (a third of the
    // browser's CPU), which on two cores starved everything else.
    reducedMotion: "reduce",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: existsSync(chromium) ? chromium : undefined,
      args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
    },
  },
});
