import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";

// Playwright cannot download browsers here: use Debian's Chromium (.ci/run installs it when missing).
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export default defineConfig({
  testDir: "e2e",
  testMatch: "**/*.spec.ts",
  // Each spec file starts its own stack (emulator + embedded PostgreSQL + app on free ports, its own data folder) —
  // see e2e/support/stack.ts — so two files can run side by side. Two workers: much of a file's time is spent
  // waiting (its stack starting, the worker's polling, PIM's asynchronous steps), which the other file fills.
  fullyParallel: false,
  workers: 2,
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
