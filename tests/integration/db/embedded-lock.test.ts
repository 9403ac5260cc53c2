import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "@/lib/db/embedded";
import { testDbKind } from "@/tests/support/db";
import { ensureTemplates } from "@/tests/support/db-template";

// Always the on-disk embedded database, whatever TEST_DB_KIND says: this is about PGlite data directories. It
// runs in the embedded leg of the test run only; the PostgreSQL leg would repeat it unchanged (~40 s).
// A new directory starts as a copy of an initialised one (tests/support/db-template.ts), except in the last test,
// which creates one from nothing (initdb) as a first start does: initdb costs seconds, and the locks are the point.
const childScript = path.resolve("tests/integration/db/fixtures/open-data-dir.ts");
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function tempDataDir(): Promise<string> {
  const parent = await mkdtemp(path.join(tmpdir(), "jit-pglite-"));
  cleanups.push(() => rm(parent, { recursive: true, force: true }));
  return path.join(parent, "pglite");
}

async function start(dataDir: string): Promise<EmbeddedPostgres> {
  const loadDataDir = existsSync(dataDir) ? undefined : new Blob([readFileSync((await ensureTemplates()).empty)]);
  const server = await startEmbeddedPostgres({ dataDir, loadDataDir });
  cleanups.push(() => server.stop());
  return server;
}

interface ChildResult {
  line: Record<string, unknown>;
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Runs open-data-dir.ts in a separate process and resolves with its first JSON line. */
async function runChild(dataDir: string, mode: "once" | "hold"): Promise<ChildResult> {
  const template = (await ensureTemplates()).empty;
  // `node --import tsx` rather than the tsx binary: that one runs the script in a second process, and the test
  // needs the pid and the signals of the process that holds the lock.
  const child = spawn(process.execPath, ["--import", "tsx", childScript, dataDir, mode, template], { stdio: ["ignore", "pipe", "pipe"] });
  cleanups.push(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    return Promise.resolve();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    let stdout = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
      const newline = stdout.indexOf("\n");
      if (newline >= 0) resolve({ line: JSON.parse(stdout.slice(0, newline)) as Record<string, unknown>, child, exited });
    });
    void exited.then(({ code }) => reject(new Error(`child exited (${code}) without output: ${stderr}`)));
  });
}

async function rows(url: string): Promise<number[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ pid: number }>("SELECT pid FROM writes ORDER BY at")).rows.map((r) => r.pid);
  } finally {
    await client.end();
  }
}

describe.skipIf(testDbKind() === "postgres")("embedded PostgreSQL data directory", () => {
  it("refuses a second process with a message naming the directory and the holder, and the first keeps working", async () => {
    const dataDir = await tempDataDir();
    const first = await start(dataDir);

    const second = await runChild(dataDir, "once");

    expect((await second.exited).code).toBe(2);
    const message = String(second.line.error);
    expect(message).toContain(dataDir);
    expect(message).toContain(`pid ${process.pid}`);
    expect(message).toMatch(/Stop that process, or set DATABASE_URL/);
    const client = new pg.Client({ connectionString: first.url });
    await client.connect();
    expect((await client.query<{ n: number }>("SELECT 40 + 2 AS n")).rows[0]?.n).toBe(42);
    await client.end();
  });

  it("refuses to open the same directory twice in one process", async () => {
    const dataDir = await tempDataDir();
    await start(dataDir);

    await expect(startEmbeddedPostgres({ dataDir })).rejects.toThrow(`already open in another process (pid ${process.pid})`);
  });

  it("takes over the lock of a process that was killed, and keeps what that process had committed", async () => {
    const dataDir = await tempDataDir();
    const holder = await runChild(dataDir, "hold");
    expect(holder.line.ready).toBe(true);
    holder.child.kill("SIGKILL");
    await holder.exited;
    expect(existsSync(`${dataDir}.lock`)).toBe(true); // nobody cleaned up after kill -9

    const server = await start(dataDir);

    expect(await rows(server.url)).toEqual([holder.child.pid]);
    expect(JSON.parse(readFileSync(`${dataDir}.lock`, "utf8"))).toMatchObject({ pid: process.pid });
  });

  it("takes over a stale lock file whose pid is dead", async () => {
    const dataDir = await tempDataDir();
    const gone = spawn(process.execPath, ["-e", ""]);
    await new Promise((resolve) => gone.on("exit", resolve));
    writeFileSync(`${dataDir}.lock`, JSON.stringify({ pid: gone.pid, startedAt: new Date().toISOString(), host: "x" }));

    const server = await start(dataDir);

    expect(server.url).toMatch(/^postgresql:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/);
    expect(JSON.parse(readFileSync(`${dataDir}.lock`, "utf8"))).toMatchObject({ pid: process.pid });
  });

  it("releases the directory when its process gets SIGTERM", async () => {
    const dataDir = await tempDataDir();
    const holder = await runChild(dataDir, "hold");
    expect(holder.line.ready).toBe(true);

    holder.child.kill("SIGTERM");

    expect(await holder.exited).toEqual({ code: null, signal: "SIGTERM" });
    expect(existsSync(`${dataDir}.lock`)).toBe(false);
    const next = await runChild(dataDir, "once");
    expect(next.line).toEqual({ opened: true });
  });

  it("keeps data across stop and start, and releases the lock on stop", async () => {
    const dataDir = await tempDataDir();
    const first = await startEmbeddedPostgres({ dataDir });
    const client = new pg.Client({ connectionString: first.url });
    await client.connect();
    await client.query("CREATE TABLE writes (pid int, at timestamptz DEFAULT now())");
    await client.query("INSERT INTO writes (pid) VALUES (1), (2)");
    await client.end();
    await first.stop();
    expect(existsSync(`${dataDir}.lock`)).toBe(false);

    const second = await start(dataDir);

    expect(await rows(second.url)).toEqual([1, 2]);
  });
});
