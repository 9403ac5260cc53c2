/**
 * Starts the whole product on its embedded defaults: the tenant emulator (HTTPS), PostgreSQL (embedded PGlite
 * unless DATABASE_URL is given), migrations, and the Next.js server. Used by `npm run demo` and by the
 * Playwright end-to-end tests, so what the tests drive is exactly what a person trying the demo gets.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ensureCertificateAuthority } from "../emulator/core/tls";
import { startEmulator } from "../emulator/server";
import { startEmbeddedPostgres } from "../lib/db/embedded";
import { migrate } from "../lib/db/migrate";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

const seed = JSON.parse(readFileSync(path.join(repoRoot, "emulator/fixtures/tenant.json"), "utf8")) as {
  tenant: { id: string };
  applications: { appId: string; secrets: { value: string }[] }[];
  groups: { id: string; displayName: string }[];
  arm: { subscriptionId: string; managedClusters: { resourceGroup: string; name: string }[] };
};

function groupId(name: string): string {
  const g = seed.groups.find((x) => x.displayName === name);
  if (!g) throw new Error(`seed fixture has no group named ${name}`);
  return g.id;
}

export interface StackOptions {
  /** Folder for the CA, the emulator state, the embedded database and generated secrets. */
  dataDir: string;
  /** Where the emulator's CA lives (default `<dataDir>/tls`); tests share the repo's so their process trusts it. */
  tlsDir?: string;
  appPort: number;
  emulatorPort: number;
  /** Use this PostgreSQL instead of the embedded one. */
  databaseUrl?: string;
  /** Extra environment for the app process (tests use it to misconfigure things on purpose). */
  appEnv?: Record<string, string>;
  /** Print the app's output (the demo does), or append it to this file (tests). */
  appLog?: { file: string };
  /** Emulator persists its state under dataDir (demo: yes, tests: no). */
  persistEmulator?: boolean;
  /**
   * A new embedded database starts as a copy of this data directory (a `dumpDataDir()` tarball) instead of running
   * initdb: the end-to-end tests pass a freshly migrated one (tests/support/db-template.ts). Ignored when the
   * database already exists.
   */
  databaseTemplate?: Blob;
}

export interface Stack {
  appUrl: string;
  emulatorUrl: string;
  tenantId: string;
  caPath: string;
  databaseUrl: string;
  env: Record<string, string>;
  stop(): Promise<void>;
}

/** A random key generated once per data folder, so sessions and the token cache survive restarts. */
function demoSecret(dataDir: string): string {
  const file = path.join(dataDir, "demo-secrets.json");
  if (existsSync(file)) return (JSON.parse(readFileSync(file, "utf8")) as { tokenEncryptionKey: string }).tokenEncryptionKey;
  const tokenEncryptionKey = randomBytes(32).toString("base64");
  writeFileSync(file, JSON.stringify({ tokenEncryptionKey }, null, 2), { mode: 0o600 });
  return tokenEncryptionKey;
}

export function demoTargets(): unknown[] {
  const cluster = seed.arm.managedClusters[0];
  if (!cluster) throw new Error("seed fixture has no managed cluster");
  return [
    {
      id: "aks-prod-admin",
      displayName: "AKS prod · RBAC Admin",
      pimGroupId: groupId("admin"),
      approverGroupId: groupId("approver"),
      clusterResourceId: `/subscriptions/${seed.arm.subscriptionId}/resourceGroups/${cluster.resourceGroup}/providers/Microsoft.ContainerService/managedClusters/${cluster.name}`,
      quorum: 1,
      defaultDurationMinutes: 60,
      maxDurationMinutes: 240,
    },
  ];
}

export async function startStack(opts: StackOptions): Promise<Stack> {
  mkdirSync(opts.dataDir, { recursive: true });
  const ca = ensureCertificateAuthority(opts.tlsDir ?? path.join(opts.dataDir, "tls"));
  const emulator = await startEmulator({
    port: opts.emulatorPort,
    dataDir: opts.dataDir,
    tlsDir: opts.tlsDir ?? path.join(opts.dataDir, "tls"),
    persist: opts.persistEmulator ?? false,
  });

  let embedded: { url: string; stop(): Promise<void> } | undefined;
  const pgliteDir = path.join(opts.dataDir, "pglite");
  const loadDataDir = existsSync(pgliteDir) ? undefined : opts.databaseTemplate;
  const databaseUrl = opts.databaseUrl ?? (embedded = await startEmbeddedPostgres({ dataDir: pgliteDir, port: 0, loadDataDir })).url;
  await migrate(databaseUrl);

  const app = seed.applications[0];
  if (!app?.secrets[0]) throw new Error("seed fixture has no application secret");
  const appUrl = `http://localhost:${opts.appPort}`;
  const env: Record<string, string> = {
    NODE_ENV: "production",
    APP_URL: appUrl,
    DATABASE_URL: databaseUrl,
    // PGlite's socket server serves one connection at a time.
    DATABASE_POOL_MAX: embedded ? "1" : "10",
    AZURE_TENANT_ID: emulator.tenantId,
    AZURE_CLIENT_ID: app.appId,
    AZURE_CLIENT_SECRET: app.secrets[0].value,
    AZURE_AUTHORITY_HOST: emulator.url,
    GRAPH_BASE_URL: emulator.url,
    ARM_ENDPOINT: emulator.url,
    TOKEN_ENCRYPTION_KEY: demoSecret(opts.dataDir),
    JIT_TARGETS: JSON.stringify(demoTargets()),
    AUDITOR_GROUP_ID: groupId("jit-auditors"),
    MAIL_SENDER: "jit-bot@contoso.example",
    WORKER_MODE: "in-process",
    NODE_EXTRA_CA_CERTS: ca.caPath,
    ...opts.appEnv,
  };

  const child = startNext(opts.appPort, env, opts.appLog);
  const stop = async () => {
    await stopChild(child);
    await emulator.stop();
    await embedded?.stop();
  };
  try {
    await waitForHttp(`${appUrl}/api/health/live`, child, 90_000);
  } catch (e) {
    await stop();
    throw e;
  }
  return { appUrl, emulatorUrl: emulator.url, tenantId: emulator.tenantId, caPath: ca.caPath, databaseUrl, env, stop };
}

function startNext(port: number, env: Record<string, string>, logTo: { file: string } | undefined): ChildProcess {
  // The standalone server is what the container runs (scripts/build.ts prepares it).
  const server = path.join(repoRoot, ".next", "standalone", "server.js");
  const child = spawn(process.execPath, [server], {
    cwd: path.dirname(server),
    // Only what the app needs: it must not inherit the launcher's shell secrets.
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NODE_ENV: "production", PORT: String(port), HOSTNAME: "127.0.0.1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (!logTo) {
    child.stdout.pipe(process.stdout);
    child.stderr.pipe(process.stderr);
  } else {
    mkdirSync(path.dirname(logTo.file), { recursive: true });
    const file = createWriteStream(logTo.file, { flags: "a" });
    child.stdout.pipe(file);
    child.stderr.pipe(file);
  }
  return child;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
}

async function waitForHttp(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the app exited with code ${child.exitCode} during start-up`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the app did not answer ${url} within ${timeoutMs / 1000}s`);
}

/** True when `.next` holds a production build of the current sources. */
export function isBuildCurrent(): boolean {
  const stampFile = path.join(repoRoot, ".next", "source-stamp");
  return existsSync(path.join(repoRoot, ".next", "BUILD_ID")) && existsSync(stampFile) && readFileSync(stampFile, "utf8") === sourceStamp();
}

export function writeBuildStamp(): void {
  writeFileSync(path.join(repoRoot, ".next", "source-stamp"), sourceStamp());
}

/** Hash of every source file the Next build depends on (content, not mtimes, so a fresh clone rebuilds once). */
export function sourceStamp(): string {
  const hash = createHash("sha256");
  const roots = ["app", "lib", "public", "next.config.mjs", "postcss.config.mjs", "package-lock.json", "prisma/schema.prisma", "instrumentation.ts", "proxy.ts"];
  const walk = (p: string) => {
    const abs = path.join(repoRoot, p);
    if (!existsSync(abs)) return;
    if (statSync(abs).isDirectory()) {
      for (const name of readdirSync(abs).sort()) {
        if (name === "generated" || name.endsWith(".test.ts")) continue;
        walk(path.join(p, name));
      }
    } else {
      hash.update(p).update("\0").update(readFileSync(abs)).update("\0");
    }
  };
  roots.forEach(walk);
  return hash.digest("hex");
}
