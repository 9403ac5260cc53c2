/**
 * `npm run doctor` as a process: the environment is the app's (here: pointed at the test emulator), the report goes
 * to stdout and the exit code says whether anything failed.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../support/emulator";
import { misconfiguredTenant, seededTenant } from "./fixture-patch";
import { setupDoctorEnvironment } from "./doctor-env";

const env = setupDoctorEnvironment();

function runCli(args: string[] = [], extraEnv: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(repoRoot, "scripts", "doctor.ts"), ...args], {
      cwd: repoRoot,
      // The child gets this process's environment: the stubbed app variables plus NODE_EXTRA_CA_CERTS.
      // eslint-disable-next-line no-restricted-properties
      env: { ...process.env, ...extraEnv },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("npm run doctor", () => {
  it("exits 0 on the seeded tenant (warnings allowed) and prints the report", async () => {
    env().useTenant(seededTenant());
    const r = await runCli();
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("✔ Graph application permissions");
    expect(r.stdout).toContain("! Approvers are not eligible");
  });

  it("exits 1 and prints ✘ with the remedy when a check fails; --json prints the report as JSON", async () => {
    env().useTenant(misconfiguredTenant("no-approval-required"));
    const text = await runCli();
    expect(text.code).toBe(1);
    expect(text.stdout).toContain("✘ Activation requires approval  [approval-required]");
    expect(text.stdout).toContain("az rest --method patch");

    const json = await runCli(["--json"]);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout) as { isHealthy: boolean; results: { id: string; status: string }[] };
    expect(report.isHealthy).toBe(false);
    expect(report.results.find((x) => x.id === "approval-required")?.status).toBe("fail");
  });

  it("exits 1 with the variable named when the configuration is invalid", async () => {
    const r = await runCli([], { AZURE_TENANT_ID: "not-a-guid" });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("AZURE_TENANT_ID: must be a GUID");
    expect(r.stderr).toContain("same environment as the app");
  });
});
