import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { repoRoot } from "../scripts/stack";
import { signIn } from "./support/sign-in";
import { freePort, startTestStack } from "./support/stack";

test("the server refuses to start with a missing or malformed variable and names it", async () => {
  const server = path.join(repoRoot, ".next", "standalone", "server.js");
  const child = spawn(process.execPath, [server], {
    cwd: path.dirname(server),
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "production",
      PORT: String(await freePort()),
      HOSTNAME: "127.0.0.1",
      APP_URL: "http://localhost:3000",
      DATABASE_URL: "postgresql://postgres@127.0.0.1:1/none",
      AZURE_CLIENT_ID: "not-a-guid",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  expect(code).toBe(1);
  expect(stderr).toContain("AZURE_TENANT_ID:");
  expect(stderr).toContain("AZURE_CLIENT_ID: must be a GUID");
  expect(stderr).toContain("TOKEN_ENCRYPTION_KEY:");
  expect(stderr).not.toMatch(/\n\s+at \S+ \(/);
});

test("stopping and restarting on the same data keeps the data: the browser session survives", async ({ page }) => {
  test.setTimeout(180_000);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "jit-e2e-restart-"));
  try {
    const first = await startTestStack({}, dataDir);
    await signIn(page, first.appUrl, "n01@contoso.example");
    await first.stop(); // SIGTERM to the app, clean shutdown of the emulator and the embedded database

    const started = Date.now();
    const second = await startTestStack({}, dataDir);
    const seconds = (Date.now() - started) / 1000;
    try {
      expect(seconds).toBeLessThan(20);
      // Same cookie jar, new processes (cookies are per host, not per port): still signed in.
      await page.goto(second.appUrl);
      await expect(page.getByTestId("user-upn")).toHaveText("n01@contoso.example");
    } finally {
      await second.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
