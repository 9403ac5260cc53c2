import path from "node:path";
import { defineConfig } from "vitest/config";

// Projects:
//  unit         pure logic, no network, no database (lib/**, emulator/** *.test.ts)
//  contract     the emulator through the real Microsoft SDKs over HTTPS (tests/contract)
//  integration  app use cases against a database (embedded PGlite, or TEST_DATABASE_URL) and the emulator
//  reliability  Graph faults, crashes (SIGKILLed child processes), two replicas on one PostgreSQL (needs
//               TEST_DATABASE_URL; skipped without it), hostile input, secrets in logs — see tests/reliability/README.md
// scripts/test.ts runs them in that order and sets NODE_EXTRA_CA_CERTS so Node trusts the emulator's CA.
const alias = { "@": path.resolve(import.meta.dirname) };

export default defineConfig({
  test: {
    projects: [
      // Unit and contract test files share one module graph (`isolate: false`): they mock no modules and change no
      // environment, so a fresh process per file only cost time (about half of each project's CPU). Tests that need
      // vi.mock, vi.stubEnv or process.env belong in the isolated projects below.
      {
        resolve: { alias },
        test: { name: "unit", include: ["lib/**/*.test.ts", "emulator/**/*.test.ts", "tests/unit/**/*.test.ts"], environment: "node", isolate: false },
      },
      {
        resolve: { alias },
        test: { name: "contract", include: ["tests/contract/**/*.test.ts"], environment: "node", isolate: false, testTimeout: 30_000, hookTimeout: 60_000 },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          environment: "node",
          testTimeout: 60_000,
          hookTimeout: 120_000,
          globalSetup: ["tests/support/db-global-setup.ts"],
        },
      },
      {
        resolve: { alias },
        test: {
          name: "reliability",
          include: ["tests/reliability/**/*.test.ts"],
          environment: "node",
          // Two files at a time: the crash and replica tests spend most of their time in child processes.
          maxWorkers: 2,
          testTimeout: 300_000,
          hookTimeout: 120_000,
          globalSetup: ["tests/support/db-global-setup.ts", "tests/reliability/support/global-setup.ts"],
        },
      },
    ],
  },
});
