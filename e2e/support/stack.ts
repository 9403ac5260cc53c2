/**
 * Every spec file gets its own product instance: a fresh emulated tenant, a fresh embedded database and the
 * production build of the app on free ports. Nothing leaks between files, and no test-only code runs in the app.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { test as base } from "@playwright/test";
import { repoRoot, startStack, type Stack } from "../../scripts/stack";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === "object" && addr ? resolve(addr.port) : reject(new Error("no port"))));
    });
  });
}

export async function startTestStack(appEnv: Record<string, string> = {}): Promise<Stack & { dataDir: string }> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "jit-e2e-"));
  const stack = await startStack({
    dataDir,
    tlsDir: path.join(repoRoot, ".data", "tls"),
    appPort: await freePort(),
    emulatorPort: await freePort(),
    appEnv,
    appLog: path.join(repoRoot, ".data", "test-results", `app-${path.basename(dataDir)}.log`),
  });
  return {
    ...stack,
    dataDir,
    stop: async () => {
      await stack.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** `test` with a file-scoped `stack` fixture. */
export const test = base.extend<object, { stack: Stack }>({
  stack: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const stack = await startTestStack();
      await use(stack);
      await stack.stop();
    },
    { scope: "worker" },
  ],
});
export { expect } from "@playwright/test";
