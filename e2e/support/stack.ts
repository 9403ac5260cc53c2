/**
 * Every spec file gets its own product instance: a fresh emulated tenant, a fresh embedded database and the
 * production build of the app on free ports. Nothing leaks between files, and no test-only code runs in the app.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { test } from "@playwright/test";
import { repoRoot, startStack, type Stack } from "../../scripts/stack";
import { templateData } from "../../tests/support/db-template";

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

export type TestStack = Stack & { dataDir: string };

/**
 * `fromTemplate`: the database starts as a copy of a freshly migrated one instead of going through initdb (a few
 * seconds of CPU less per spec file). startup.spec.ts leaves it off, so the first start of the demo is tested as is.
 */
export async function startTestStack(appEnv: Record<string, string> = {}, dataDir?: string, o: { fromTemplate?: boolean } = {}): Promise<TestStack> {
  const dir = dataDir ?? mkdtempSync(path.join(os.tmpdir(), "jit-e2e-"));
  const stack = await startStack({
    dataDir: dir,
    tlsDir: path.join(repoRoot, ".data", "tls"),
    appPort: await freePort(),
    emulatorPort: await freePort(),
    appEnv,
    appLog: { file: path.join(repoRoot, ".data", "test-results", `app-${path.basename(dir)}.log`) },
    databaseTemplate: o.fromTemplate ? await templateData("migrated") : undefined,
  });
  return { ...stack, dataDir: dir };
}

/**
 * Starts a stack before the first test of the calling spec file and stops it after the last one.
 * Returns a getter because the stack exists only once beforeAll has run.
 */
export function useStack(appEnv: Record<string, string> = {}): () => TestStack {
  let stack: TestStack | undefined;
  test.describe.configure({ mode: "serial" });
  test.beforeAll(async () => {
    test.setTimeout(180_000);
    stack = await startTestStack(appEnv, undefined, { fromTemplate: true });
  });
  test.afterAll(async () => {
    if (!stack) return;
    await stack.stop();
    rmSync(stack.dataDir, { recursive: true, force: true });
  });
  return () => {
    if (!stack) throw new Error("the stack is not running (did beforeAll fail?)");
    return stack;
  };
}
