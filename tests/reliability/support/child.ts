/**
 * TypeScript driver scripts in child processes, read line by line. Each script is bundled once with esbuild
 * (our code inlined, packages left to node_modules) and run with plain `node`: a restart then costs ~0.4 s
 * instead of ~1.5 s under tsx, which matters when a test restarts a process 30 times — and the pid is the
 * script's own, so SIGKILL hits it and not a wrapper. Also a seeded random source, so a failing run can be
 * repeated with RELIABILITY_SEED=<seed printed by the test>.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { build } from "esbuild";
import { settings } from "./settings";

export const repoRoot = path.resolve(import.meta.dirname, "..", "..", "..");
const buildDir = path.join(repoRoot, ".data", "reliability-build");
const bundles = new Map<string, Promise<string>>();

/** The script bundled to .data/reliability-build/<name>.mjs (inside the repo, so its imports find node_modules). */
export function bundleDriver(script: string): Promise<string> {
  let bundle = bundles.get(script);
  if (!bundle) {
    const outfile = path.join(buildDir, `${path.basename(script, ".ts")}.mjs`);
    bundle = build({
      entryPoints: [path.join(repoRoot, script)],
      outfile,
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      packages: "external",
      tsconfig: path.join(repoRoot, "tsconfig.json"),
      logLevel: "warning",
    }).then(() => outfile);
    bundles.set(script, bundle);
  }
  return bundle;
}

export interface DriverProcess {
  child: ChildProcess;
  lines: string[];
  stderr: string[];
  /** Resolves with the first line (from now on, or already seen when `includeSeen`) that matches. */
  waitForLine(match: (line: string) => boolean, o?: { timeoutMs?: number }): Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts the script (bundled) with this process's environment, NODE_EXTRA_CA_CERTS included. */
export async function startDriver(script: string, args: string[]): Promise<DriverProcess> {
  const child = spawn(process.execPath, [await bundleDriver(script), ...args], { cwd: repoRoot, stdio: ["pipe", "pipe", "pipe"] });
  const lines: string[] = [];
  const stderr: string[] = [];
  const waiters: { match: (l: string) => boolean; resolve: (l: string) => void }[] = [];
  createInterface({ input: child.stdout }).on("line", (line) => {
    lines.push(line);
    for (const w of [...waiters]) {
      if (w.match(line)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
    }
  });
  createInterface({ input: child.stderr }).on("line", (line) => void stderr.push(line));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  return {
    child,
    lines,
    stderr,
    waitForLine(match, o = {}) {
      return new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${script}: no matching line within ${o.timeoutMs ?? 60_000} ms; stderr: ${stderr.slice(-5).join(" | ")}`)), o.timeoutMs ?? 60_000);
        const done = (l: string) => {
          clearTimeout(timer);
          resolve(l);
        };
        waiters.push({ match, resolve: done });
        void exited.then(({ code, signal }) => {
          clearTimeout(timer);
          reject(new Error(`${script} exited (code ${code}, signal ${signal}) before the line came; stderr: ${stderr.slice(-8).join(" | ")}`));
        });
      });
    },
    exited,
    async kill(signal = "SIGKILL") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** mulberry32: small, fast, good enough to pick kill points. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function seedFromEnv(): number {
  return settings.seed || Math.floor(Math.random() * 2 ** 31) + 1;
}
