/**
 * `npm run demo`: the product on its embedded defaults — emulated Entra tenant, embedded PostgreSQL, the app —
 * migrated and seeded. Data lives in .data/ and survives restarts. Ctrl-C stops everything cleanly.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { build } from "./build";
import { isBuildCurrent, repoRoot, startStack } from "./stack";

const appPort = Number(process.env.PORT ?? 3000);
const emulatorPort = Number(process.env.EMULATOR_PORT ?? 8443);
const dataDir = path.join(repoRoot, ".data");
const started = Date.now();

function step(msg: string): void {
  process.stdout.write(`\x1b[36m›\x1b[0m ${msg}\n`);
}

function run(cmd: string, args: string[], label: string): void {
  const r = spawnSync(process.execPath, [path.join(repoRoot, cmd), ...args], { cwd: repoRoot, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (r.status !== 0) {
    process.stderr.write(`\n${label} failed (exit ${r.status}).\n`);
    process.exit(1);
  }
}

step("Generating the Prisma client");
run("node_modules/prisma/build/index.js", ["generate"], "prisma generate");

if (isBuildCurrent()) {
  step("Using the existing production build (.next)");
} else {
  step("Building the app (first run, or sources changed) — this takes a minute or two");
  if (!build()) {
    process.stderr.write("\nThe build failed.\n");
    process.exit(1);
  }
}

step("Starting the tenant emulator, the database and the app");
const stack = await startStack({
  dataDir,
  appPort,
  emulatorPort,
  databaseUrl: process.env.DATABASE_URL || undefined,
  persistEmulator: true,
});

const seconds = ((Date.now() - started) / 1000).toFixed(1);
process.stdout.write(`
\x1b[1mAKS JIT Access is running\x1b[0m  (started in ${seconds}s)

  App                ${stack.appUrl}
  Emulated tenant    ${stack.emulatorUrl}/_emulator   (mailbox, users, groups, PIM state)
  Database           ${process.env.DATABASE_URL ? "DATABASE_URL" : "embedded PostgreSQL in .data/pglite"}

  Sign in as (no passwords in the emulator — pick the user on its sign-in page):
    n01@contoso.example   Nora, requester: asks for elevation to the AKS admin group
    p01@contoso.example   Priya, approver: reads the email in the emulator mailbox and approves
    p02@contoso.example   Paul, second approver
    o01@contoso.example   Olga, owner of the approver group: owners cannot approve
    a01@contoso.example   Ada, auditor: history, audit log, export

  Your browser will warn once about the emulator's HTTPS certificate: it is signed by a CA generated on this
  machine (${path.relative(repoRoot, stack.caPath)}). Accept it, or import that CA into the browser.

  Press Ctrl-C to stop. Data is kept in .data/ (delete it to start over).
`);

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  process.stdout.write(`\n${signal}: stopping…\n`);
  await stack.stop();
  process.exit(0);
}
process.on("SIGINT", () => void shutdown("SIGINT"));
process.on("SIGTERM", () => void shutdown("SIGTERM"));
