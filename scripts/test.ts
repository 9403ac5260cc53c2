/**
 * `npm test`: every check the project has, with one summary at the end.
 *   typecheck, lint, unit, contract (emulator through the real SDKs), integration on embedded PostgreSQL,
 *   integration on real PostgreSQL (when TEST_DATABASE_URL is set), reliability (faults, crashes, replicas,
 *   hostile input), production build → Playwright end-to-end.
 * Steps that do not depend on each other run side by side (TEST_PARALLEL of them at a time, default 3; 1 runs them
 * one after another): each has its own databases, emulators and ports. The build starts first (the end-to-end tests
 * wait for it), then the long steps, so the short ones fill the gaps at the end. A step's output goes to
 * .data/test-results/<step>.log and is printed in one piece when the step ends, so outputs never interleave.
 * Later steps still run when an earlier one fails, so one run shows everything that is wrong.
 * The last line is `tests: N passed, N failed, N skipped`.
 */
import { spawn } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { setPriority } from "node:os";
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

interface Step {
  name: string;
  /** Steps that must be over first; a failed one stops this step only when `needsSuccess`. */
  after: string[];
  needsSuccess?: boolean;
  run(): Promise<StepResult>;
}

const resultsDir = path.join(repoRoot, ".data", "test-results");
rmSync(resultsDir, { recursive: true, force: true });
mkdirSync(resultsDir, { recursive: true });

const only = process.argv.slice(2); // e.g. `npm test -- unit contract`
const wanted = (name: string) => only.length === 0 || only.some((o) => name.startsWith(o));
const parallel = Math.max(1, Number.parseInt(process.env.TEST_PARALLEL ?? "", 10) || 3);
const isColor = !process.env.CI && process.stdout.isTTY;

const ca = ensureCertificateAuthority(path.join(repoRoot, ".data", "tls"));
const baseEnv: Record<string, string | undefined> = {
  ...process.env,
  NODE_EXTRA_CA_CERTS: ca.caPath,
  NEXT_TELEMETRY_DISABLED: "1",
  // Output goes to a log file, not a terminal: ask for colours explicitly when we print to one.
  FORCE_COLOR: isColor ? (process.env.FORCE_COLOR ?? "1") : "0",
};

function bin(name: string): string {
  return path.join(repoRoot, "node_modules", ".bin", name);
}

const bold = (s: string) => (isColor ? `\x1b[1m${s}\x1b[0m` : s);
const clock = (t0: number) => `${((Date.now() - t0) / 1000).toFixed(0).padStart(4)}s`;
const started = Date.now();

/**
 * When steps run side by side, CPU is what they wait for. The steps that start last (see `startOrder`) run at a
 * lower CPU priority, so they take what the others leave instead of stretching the tests that have time limits:
 * browser steps of 15 s, reliability tests of 5 minutes, tamper tests of a minute with command-line runs inside.
 */
const lowPrioritySteps = new Set(["integration-postgres", "lint", "typecheck"]);
const niceness = (name: string) => (parallel > 1 && lowPrioritySteps.has(name) ? 5 : 0);

/** Runs a command with its output in .data/test-results/<name>.log; prints that log in one piece when it ends. */
function run(name: string, cmd: string, args: string[], env: Record<string, string | undefined> = {}): Promise<{ ok: boolean; seconds: number }> {
  const log = path.join(resultsDir, `${name}.log`);
  const commandLine = `${path.basename(cmd)} ${args.join(" ")}`;
  process.stdout.write(`${clock(started)}  ▸ ${name} started (output: ${path.relative(repoRoot, log)})\n`);
  const t0 = Date.now();
  return new Promise((resolve) => {
    const out = createWriteStream(log);
    const child = spawn(cmd, args, { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"], env: { ...baseEnv, ...env } as NodeJS.ProcessEnv });
    // Inherited by everything the step starts (test workers, servers, browsers).
    if (niceness(name) && child.pid) setPriority(child.pid, niceness(name));
    child.stdout.pipe(out, { end: false });
    child.stderr.pipe(out, { end: false });
    let spawnError = "";
    child.on("error", (e) => (spawnError = `could not start ${cmd}: ${e.message}\n`));
    child.on("close", (code) => {
      out.end(spawnError, () => {
        const seconds = (Date.now() - t0) / 1000;
        const ok = code === 0 && !spawnError;
        process.stdout.write(`\n${bold(`━━ ${name} ━━`)}  ${commandLine}\n`);
        process.stdout.write(readFileSync(log, "utf8"));
        process.stdout.write(`${clock(started)}  ${ok ? "✔" : "✘"} ${name} ${ok ? "passed" : "failed"} in ${seconds.toFixed(1)}s\n`);
        resolve({ ok, seconds });
      });
    });
  });
}

function simpleStep(name: string, after: string[], cmd: string, args: string[], env: Record<string, string> = {}): Step {
  return {
    name,
    after,
    async run() {
      const r = await run(name, cmd, args, env);
      return { name, ok: r.ok, passed: r.ok ? 1 : 0, failed: r.ok ? 0 : 1, skipped: 0, seconds: r.seconds };
    },
  };
}

interface VitestJson {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  numTotalTests: number;
  success: boolean;
}

function vitestStep(name: string, project: string, env: Record<string, string | undefined> = {}, extraReporters: string[] = []): Step {
  return {
    name,
    after: ["prisma-generate"],
    async run() {
      const out = path.join(resultsDir, `${name}.json`);
      const r = await run(name, bin("vitest"), ["run", "--project", project, "--reporter=default", "--reporter=json", ...extraReporters.map((r) => `--reporter=${r}`), `--outputFile.json=${out}`, "--passWithNoTests"], env);
      if (!existsSync(out)) return { name, ok: false, passed: 0, failed: 1, skipped: 0, seconds: r.seconds, note: "runner crashed" };
      const j = JSON.parse(readFileSync(out, "utf8")) as VitestJson;
      // The reliability project's reporter prints one line of counts (faults injected, crashes, concurrent
      // decisions, hostile inputs, failures): repeat it in the summary.
      const counts = /^reliability: (.*)$/m.exec(readFileSync(path.join(resultsDir, `${name}.log`), "utf8"))?.[1];
      return {
        note: counts,
        name,
        ok: r.ok && j.numFailedTests === 0,
        passed: j.numPassedTests,
        failed: j.numFailedTests + (r.ok ? 0 : j.numFailedTests === 0 ? 1 : 0),
        skipped: j.numPendingTests + j.numTodoTests,
        seconds: r.seconds,
      };
    },
  };
}

interface PlaywrightJson {
  stats: { expected: number; unexpected: number; flaky: number; skipped: number };
}

const e2eStep: Step = {
  name: "e2e",
  after: ["build"],
  needsSuccess: true,
  async run() {
    const name = "e2e";
    const out = path.join(resultsDir, "e2e.json");
    const r = await run(name, bin("playwright"), ["test", "--reporter=list,json"], { PLAYWRIGHT_JSON_OUTPUT_NAME: out });
    if (!existsSync(out)) return { name, ok: false, passed: 0, failed: 1, skipped: 0, seconds: r.seconds, note: "runner crashed" };
    const j = JSON.parse(readFileSync(out, "utf8")) as PlaywrightJson;
    return {
      name,
      ok: r.ok && j.stats.unexpected === 0,
      passed: j.stats.expected + j.stats.flaky,
      failed: j.stats.unexpected + (r.ok || j.stats.unexpected ? 0 : 1),
      skipped: j.stats.skipped,
      seconds: r.seconds,
    };
  },
};

// The order of the summary. `startOrder` below is the order in which steps get a free slot.
const steps: Step[] = [
  simpleStep("prisma-generate", [], process.execPath, [path.join(repoRoot, "node_modules/prisma/build/index.js"), "generate"]),
  // After the build when there is one: it generates Next's route types (.next/types), which tsc then checks too; the
  // build itself skips its type-check pass (BUILD_SKIP_TYPECHECK, next.config.mjs), which would check the same.
  simpleStep("typecheck", ["prisma-generate", "build"], bin("tsc"), ["--noEmit", "-p", "."]),
  simpleStep("lint", ["prisma-generate"], bin("eslint"), [".", "--max-warnings=0"]),
  vitestStep("unit", "unit"),
  vitestStep("contract", "contract"),
  vitestStep("integration-embedded", "integration", { TEST_DB_KIND: "embedded" }),
  ...(process.env.TEST_DATABASE_URL ? [vitestStep("integration-postgres", "integration", { TEST_DB_KIND: "postgres" })] : []),
  // Graph faults, crashes, replicas, hostile input, secrets in logs (tests/reliability). Uses the embedded database,
  // and real PostgreSQL (TEST_DATABASE_URL) for the two-replica test, which skips with a reason without it.
  vitestStep("reliability", "reliability", { TEST_DB_KIND: "embedded" }, ["./tests/reliability/support/summary-reporter.ts"]),
  simpleStep("build", ["prisma-generate"], bin("tsx"), [path.join(repoRoot, "scripts", "build.ts")], { BUILD_SKIP_TYPECHECK: wanted("typecheck") ? "1" : "" }),
  e2eStep,
];
// The build first: build + end-to-end is one of the longest lanes. Unit and contract tests are quick and have tight
// time limits, so they run beside the build; the long steps next; lint and type-check (CPU only, no time limits) last.
const startOrder = ["prisma-generate", "build", "unit", "contract", "e2e", "reliability", "integration-embedded", "integration-postgres", "lint", "typecheck"];

if (!process.env.TEST_DATABASE_URL && wanted("integration-postgres")) {
  process.stdout.write("(integration-postgres skipped: TEST_DATABASE_URL is not set)\n");
}
// The build is there for the end-to-end tests: it runs when they do (or when asked for by name).
const selected = steps.filter((s) => wanted(s.name) || (s.name === "build" && wanted("e2e")));
const byStart = [...selected].sort((a, b) => startOrder.indexOf(a.name) - startOrder.indexOf(b.name));
process.stdout.write(`steps: ${byStart.map((s) => s.name).join(", ")} (up to ${parallel} at a time)\n`);

const results = new Map<string, StepResult>();
const running = new Set<string>();
const skippedBecause = new Map<string, string>();

await new Promise<void>((resolve) => {
  const isSettled = (name: string) => results.has(name) || skippedBecause.has(name) || !selected.some((s) => s.name === name);
  const pump = () => {
    for (const step of byStart) {
      if (running.size >= parallel) break;
      if (running.has(step.name) || isSettled(step.name)) continue;
      if (!step.after.every(isSettled)) continue;
      const failedDep = step.after.find((d) => results.get(d)?.ok === false || skippedBecause.has(d));
      if (step.needsSuccess && failedDep) {
        skippedBecause.set(step.name, failedDep);
        continue;
      }
      running.add(step.name);
      void step
        .run()
        .catch((e: unknown): StepResult => ({ name: step.name, ok: false, passed: 0, failed: 1, skipped: 0, seconds: 0, note: String(e) }))
        .then((r) => {
          results.set(step.name, r);
          running.delete(step.name);
          pump();
        });
    }
    if (running.size === 0 && selected.every((s) => isSettled(s.name))) resolve();
  };
  pump();
});

const pad = (s: string, n: number) => s.padEnd(n);
const ordered = selected.flatMap((s) => results.get(s.name) ?? []);
process.stdout.write(`\n${bold("━━ summary ━━")}\n`);
for (const r of ordered) {
  process.stdout.write(
    `  ${r.ok ? "✔" : "✘"} ${pad(r.name, 22)} ${pad(`${r.passed} passed`, 12)} ${pad(`${r.failed} failed`, 10)} ${pad(`${r.skipped} skipped`, 11)} ${r.seconds.toFixed(1)}s${r.note ? `  (${r.note})` : ""}\n`,
  );
}
for (const [name, dep] of skippedBecause) process.stdout.write(`  ✘ ${pad(name, 22)} not run: ${dep} failed\n`);
process.stdout.write(`  wall time ${((Date.now() - started) / 1000).toFixed(1)}s (steps side by side, up to ${parallel} at a time)\n`);
const total = ordered.reduce((a, r) => ({ passed: a.passed + r.passed, failed: a.failed + r.failed, skipped: a.skipped + r.skipped }), { passed: 0, failed: 0, skipped: 0 });
const allOk = ordered.length > 0 && ordered.every((r) => r.ok) && skippedBecause.size === 0;
process.stdout.write(`tests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped\n`);
process.exit(allOk ? 0 : 1);
