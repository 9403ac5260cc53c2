/**
 * `npm test`: every check the project has, in order, with one summary at the end.
 *   typecheck → lint → unit → contract (emulator through the real SDKs) → integration on embedded PostgreSQL →
 *   integration on real PostgreSQL (when TEST_DATABASE_URL is set) → reliability (faults, crashes, replicas,
 *   hostile input) → production build → Playwright end-to-end.
 * Later steps still run when an earlier one fails, so one run shows everything that is wrong.
 * The last line is `tests: N passed, N failed, N skipped`.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { ensureCertificateAuthority } from "../emulator/core/tls";
import { repoRoot } from "./stack";

interface StepResult {
  name: string;
  ok: boolean;
  passed: number;
  failed: number;
  skipped: number;
  seconds: number;
  note?: string;
}

const resultsDir = path.join(repoRoot, ".data", "test-results");
rmSync(resultsDir, { recursive: true, force: true });
mkdirSync(resultsDir, { recursive: true });

const only = process.argv.slice(2); // e.g. `npm test -- unit contract`
const wanted = (name: string) => only.length === 0 || only.some((o) => name.startsWith(o));

const ca = ensureCertificateAuthority(path.join(repoRoot, ".data", "tls"));
const baseEnv: Record<string, string | undefined> = {
  ...process.env,
  NODE_EXTRA_CA_CERTS: ca.caPath,
  NEXT_TELEMETRY_DISABLED: "1",
  FORCE_COLOR: process.env.CI ? "0" : process.env.FORCE_COLOR,
};

const results: StepResult[] = [];

function bin(name: string): string {
  return path.join(repoRoot, "node_modules", ".bin", name);
}

function run(name: string, cmd: string, args: string[], env: Record<string, string | undefined> = {}): { ok: boolean; seconds: number } {
  process.stdout.write(`\n\x1b[1m━━ ${name} ━━\x1b[0m  ${path.basename(cmd)} ${args.join(" ")}\n`);
  const t0 = Date.now();
  const r = spawnSync(cmd, args, { cwd: repoRoot, stdio: "inherit", env: { ...baseEnv, ...env } as NodeJS.ProcessEnv });
  return { ok: r.status === 0, seconds: (Date.now() - t0) / 1000 };
}

function simpleStep(name: string, cmd: string, args: string[]): void {
  if (!wanted(name)) return;
  const r = run(name, cmd, args);
  results.push({ name, ok: r.ok, passed: r.ok ? 1 : 0, failed: r.ok ? 0 : 1, skipped: 0, seconds: r.seconds });
}

interface VitestJson {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  numTotalTests: number;
  success: boolean;
}

function vitestStep(name: string, project: string, env: Record<string, string | undefined> = {}): void {
  if (!wanted(name)) return;
  const out = path.join(resultsDir, `${name}.json`);
  const r = run(name, bin("vitest"), ["run", "--project", project, "--reporter=default", "--reporter=json", `--outputFile.json=${out}`, "--passWithNoTests"], env);
  if (!existsSync(out)) {
    results.push({ name, ok: false, passed: 0, failed: 1, skipped: 0, seconds: r.seconds, note: "runner crashed" });
    return;
  }
  const j = JSON.parse(readFileSync(out, "utf8")) as VitestJson;
  results.push({
    name,
    ok: r.ok && j.numFailedTests === 0,
    passed: j.numPassedTests,
    failed: j.numFailedTests + (r.ok ? 0 : j.numFailedTests === 0 ? 1 : 0),
    skipped: j.numPendingTests + j.numTodoTests,
    seconds: r.seconds,
  });
}

interface PlaywrightJson {
  stats: { expected: number; unexpected: number; flaky: number; skipped: number };
}

function playwrightStep(): void {
  const name = "e2e";
  if (!wanted(name)) return;
  const built = run("build", bin("tsx"), [path.join(repoRoot, "scripts", "build.ts")]);
  results.push({ name: "build", ok: built.ok, passed: built.ok ? 1 : 0, failed: built.ok ? 0 : 1, skipped: 0, seconds: built.seconds });
  if (!built.ok) return;
  const out = path.join(resultsDir, "e2e.json");
  const r = run(name, bin("playwright"), ["test", "--reporter=list,json"], { PLAYWRIGHT_JSON_OUTPUT_NAME: out });
  if (!existsSync(out)) {
    results.push({ name, ok: false, passed: 0, failed: 1, skipped: 0, seconds: r.seconds, note: "runner crashed" });
    return;
  }
  const j = JSON.parse(readFileSync(out, "utf8")) as PlaywrightJson;
  results.push({
    name,
    ok: r.ok && j.stats.unexpected === 0,
    passed: j.stats.expected + j.stats.flaky,
    failed: j.stats.unexpected + (r.ok || j.stats.unexpected ? 0 : 1),
    skipped: j.stats.skipped,
    seconds: r.seconds,
  });
}

simpleStep("prisma-generate", process.execPath, [path.join(repoRoot, "node_modules/prisma/build/index.js"), "generate"]);
simpleStep("typecheck", bin("tsc"), ["--noEmit", "-p", "."]);
simpleStep("lint", bin("eslint"), [".", "--max-warnings=0"]);
vitestStep("unit", "unit");
vitestStep("contract", "contract");
vitestStep("integration-embedded", "integration", { TEST_DB_KIND: "embedded" });
if (process.env.TEST_DATABASE_URL) {
  vitestStep("integration-postgres", "integration", { TEST_DB_KIND: "postgres" });
} else if (wanted("integration-postgres")) {
  process.stdout.write("\n(integration-postgres skipped: TEST_DATABASE_URL is not set)\n");
}
// Graph faults, crashes, replicas, hostile input, secrets in logs (tests/reliability). Uses the embedded database,
// and real PostgreSQL (TEST_DATABASE_URL) for the two-replica test, which skips with a reason without it.
vitestStep("reliability", "reliability", { TEST_DB_KIND: "embedded" });
playwrightStep();

const pad = (s: string, n: number) => s.padEnd(n);
process.stdout.write(`\n\x1b[1m━━ summary ━━\x1b[0m\n`);
for (const r of results) {
  process.stdout.write(
    `  ${r.ok ? "✔" : "✘"} ${pad(r.name, 22)} ${pad(`${r.passed} passed`, 12)} ${pad(`${r.failed} failed`, 10)} ${pad(`${r.skipped} skipped`, 11)} ${r.seconds.toFixed(1)}s${r.note ? `  (${r.note})` : ""}\n`,
  );
}
const total = results.reduce((a, r) => ({ passed: a.passed + r.passed, failed: a.failed + r.failed, skipped: a.skipped + r.skipped }), { passed: 0, failed: 0, skipped: 0 });
const allOk = results.length > 0 && results.every((r) => r.ok);
process.stdout.write(`tests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped\n`);
process.exit(allOk ? 0 : 1);
