/**
 * `npm run bench:history [-- --requests N --iterations K --skip-export --skip-verify]`
 *
 * Request history at scale, against a real PostgreSQL: BENCH_DATABASE_URL, default
 * postgresql://postgres@127.0.0.1:5432/jit_bench (created and migrated when missing). Seeds N requests (default
 * 1 000 000, ~8 audit events each) once, then measures
 *   - server time of every history query shape (time spent inside lib/history's query functions, in this
 *     process, over many iterations with varying parameters): first page, each filter, a deep keyset page;
 *     plus the request timeline and the dashboard queries;
 *   - export throughput and the peak RSS of a separate process exporting everything to /dev/null;
 *   - audit chain verification throughput;
 * and writes bench/results/history-<date>.md. Targets: page p95 ≤ 150 ms, export ≥ 50 000 rows/s with peak RSS
 * < 300 MB, verification ≥ 100 000 events/s.
 */
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { waitTimes } from "@/lib/dashboard/durations";
import { listElevatedNow } from "@/lib/dashboard/elevated-now";
import { requestsPerDay } from "@/lib/dashboard/requests-per-day";
import { createPrismaClient, type Db } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { encodeCursor } from "@/lib/history/cursor";
import { EXPORT_BATCH } from "@/lib/history/export";
import { parseHistoryFilters, type HistoryFilters } from "@/lib/history/filters";
import { queryHistory } from "@/lib/history/query";
import { seedHistory } from "@/lib/history/seed/seed-history";
import { getRequestHistory } from "@/lib/history/timeline";

const repoRoot = path.resolve(import.meta.dirname, "..");
const log = (m: string) => console.log(`[bench:history] ${m}`);

const { values: args } = parseArgs({
  options: {
    requests: { type: "string", default: "1000000" },
    iterations: { type: "string", default: "40" },
    "skip-export": { type: "boolean", default: false },
    "skip-verify": { type: "boolean", default: false },
    "seed-sample": { type: "string", default: "100000" },
  },
  strict: true,
});
const target = Number(args.requests);
const iterations = Number(args.iterations);
// eslint-disable-next-line no-restricted-properties -- a benchmark tool, configured by its environment like scripts/
const url = process.env.BENCH_DATABASE_URL?.trim() || "postgresql://postgres@127.0.0.1:5432/jit_bench";

interface Stat {
  name: string;
  p50: number;
  p95: number;
  max: number;
  rows: string;
  n: number;
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
const loadavg = () => os.loadavg().map((l) => l.toFixed(2)).join(" / ");

async function ensureDatabase(): Promise<void> {
  const u = new URL(url);
  const name = u.pathname.replace(/^\//, "");
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const c = new pg.Client({ connectionString: admin.toString() });
  await c.connect();
  try {
    const { rowCount } = await c.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (!rowCount) {
      log(`creating database ${name}`);
      await c.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
    }
  } finally {
    await c.end();
  }
  await migrate(url, { log });
}

async function sql<T extends pg.QueryResultRow>(text: string, params: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(text, params)).rows;
  } finally {
    await c.end();
  }
}

async function ensureSeeded(): Promise<{ seeded?: SeedRun; vacuumSeconds?: number; count: number }> {
  const [{ n } = { n: 0 }] = await sql<{ n: number }>("SELECT count(*)::int AS n FROM access_requests");
  if (n >= target) {
    log(`${n.toLocaleString("en")} requests already seeded`);
    return { count: n };
  }
  log(`seeding ${(target - n).toLocaleString("en")} requests (load average ${loadavg()})`);
  const seeded = await measuredSeeding("the benchmark's database, this run", url, target - n);
  log(`seeded in ${seeded.seconds.toFixed(1)} s (${Math.round(seeded.requests / seeded.seconds).toLocaleString("en")} requests/s); VACUUM ANALYZE…`);
  // What autovacuum would do soon after: visibility map and statistics, so plans are those of a settled database.
  const t0 = performance.now();
  for (const t of ["access_requests", "decisions", "approval_links", "audit_events", "users", "targets"]) await sql(`VACUUM (ANALYZE) "${t}"`);
  return { seeded, vacuumSeconds: (performance.now() - t0) / 1000, count: target };
}

function filters(query: string): HistoryFilters {
  const parsed = parseHistoryFilters(new URLSearchParams(query));
  if (!parsed.ok) throw new Error(`bad bench filter ${query}: ${JSON.stringify(parsed.errors)}`);
  return parsed.filters;
}

/** Runs `fn(i)` `iterations` times after 3 warm-ups and keeps the time of each call. */
async function measure(name: string, fn: (i: number) => Promise<number>): Promise<Stat> {
  for (let i = 0; i < 3; i++) await fn(i);
  const times: number[] = [];
  const rows: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    rows.push(await fn(i + 3));
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const minRows = Math.min(...rows);
  const maxRows = Math.max(...rows);
  const stat = { name, p50: quantile(times, 0.5), p95: quantile(times, 0.95), max: times[times.length - 1] ?? NaN, rows: minRows === maxRows ? String(minRows) : `${minRows}–${maxRows}`, n: iterations };
  log(`${name}: p50 ${stat.p50.toFixed(1)} ms, p95 ${stat.p95.toFixed(1)} ms (rows ${stat.rows})`);
  return stat;
}

async function queryBench(db: Db): Promise<Stat[]> {
  const people = await sql<{ upn: string; id: string; n: number }>(
    `SELECT u.upn, u.id, count(*)::int AS n FROM access_requests r JOIN users u ON u.id = r.requester_id GROUP BY 1, 2 ORDER BY 3 DESC`,
  );
  const approvers = await sql<{ upn: string }>(`SELECT DISTINCT u.upn FROM decisions d JOIN users u ON u.id = d.approver_id ORDER BY 1`);
  const targets = await sql<{ id: string }>(`SELECT id FROM targets ORDER BY id`);
  const tickets = await sql<{ t: string }>(`SELECT ticket_number AS t FROM access_requests TABLESAMPLE SYSTEM (1) WHERE ticket_number IS NOT NULL LIMIT 200`);
  const ids = await sql<{ id: string }>(`SELECT id::text FROM access_requests TABLESAMPLE SYSTEM (1) LIMIT 200`);
  const [span] = await sql<{ lo: Date; hi: Date }>(`SELECT min(submitted_at) AS lo, max(submitted_at) AS hi FROM access_requests`);
  const deepRow = async (offset: number, sort: "desc" | "asc") => {
    const order = sort === "desc" ? "submitted_at DESC, id ASC" : "submitted_at ASC, id DESC";
    const [r] = await sql<{ submitted_at: Date; id: string }>(`SELECT submitted_at, id::text FROM access_requests ORDER BY ${order} OFFSET $1 LIMIT 1`, [offset]);
    if (!r) throw new Error("not enough rows for a deep page");
    return encodeCursor({ submittedAt: r.submitted_at, id: r.id });
  };
  // Pages 5 000 and 15 000 at a million rows; proportionally shallower on a smaller database.
  const [{ total } = { total: 0 }] = await sql<{ total: number }>(`SELECT count(*)::int AS total FROM access_requests`);
  const pageAt = (p: number) => Math.max(1, Math.min(p, Math.floor(((total / 50) * p) / 20_000)));
  const deepPages = [pageAt(5000), pageAt(15000)];
  const deep = [await deepRow(deepPages[0]! * 50 - 1, "desc"), await deepRow(deepPages[1]! * 50 - 1, "desc")];
  const deepAsc = await deepRow(deepPages[0]! * 50 - 1, "asc");
  const heavy = people.slice(0, 10).map((p) => p.upn);
  const light = people.slice(-10).map((p) => p.id);
  const pick = <T>(list: T[], i: number): T => list[i % list.length] as T;
  const day = (offsetDays: number) => new Date((span?.hi.getTime() ?? Date.now()) - offsetDays * 86_400_000).toISOString().slice(0, 10);
  const words = ["ingress", "rotate", "certificates", "payments-api", "memory leak", "DR test", "cronjob", "sidecars"];
  const page = (query: string, cursor?: string) => queryHistory(db, filters(query), { cursor }).then((p) => p.rows.length);

  const stats: Stat[] = [];
  stats.push(await measure("first page (newest first)", () => page("")));
  stats.push(await measure("first page, oldest first", () => page("sort=asc")));
  stats.push(await measure("requester, frequent (UPN)", (i) => page(`requester=${encodeURIComponent(pick(heavy, i))}`)));
  stats.push(await measure("requester, rare (object id)", (i) => page(`requester=${pick(light, i)}`)));
  stats.push(await measure("approver (decided by)", (i) => page(`approver=${encodeURIComponent(pick(approvers, i).upn)}`)));
  stats.push(await measure("target", (i) => page(`target=${pick(targets, i).id}`)));
  stats.push(await measure("status, one common (expired)", () => page("status=expired")));
  stats.push(await measure("status, one rare (failed)", () => page("status=failed")));
  stats.push(await measure("status, several (denied, timed_out, failed)", () => page("status=denied,timed_out,failed")));
  stats.push(await measure("submitted date range (one week)", (i) => page(`from=${day(30 + (i % 300))}&to=${day(24 + (i % 300))}`)));
  stats.push(await measure("free text, word", (i) => page(`q=${encodeURIComponent(pick(words, i))}`)));
  stats.push(await measure("free text, ticket number", (i) => page(`q=${pick(tickets, i).t}`)));
  stats.push(await measure("combined: target + status + text", (i) => page(`target=${pick(targets, i).id}&status=denied,expired&q=${encodeURIComponent(pick(words, i))}`)));
  stats.push(await measure("combined: requester + date range", (i) => page(`requester=${encodeURIComponent(pick(heavy, i))}&from=${day(200)}&to=${day(20)}`)));
  stats.push(await measure(`deep keyset page (pages ${deepPages.join(" / ")})`, (i) => page("", pick(deep, i))));
  stats.push(await measure(`deep keyset page, oldest first (page ${deepPages[0]})`, () => page("sort=asc", deepAsc)));
  stats.push(await measure("request timeline (all events, decisions, links)", (i) => getRequestHistory(db, pick(ids, i).id).then((r) => r?.events.length ?? 0)));
  stats.push(await measure("dashboard: elevated now", () => listElevatedNow(db).then((r) => r.length)));
  stats.push(await measure("dashboard: requests per day (30 days)", () => requestsPerDay(db, new Date(), 30).then((r) => r.length)));
  stats.push(await measure("dashboard: wait percentiles (90 days)", () => waitTimes(db, new Date(), 90).then((r) => r.decision.count)));
  return stats;
}

/** CPU seconds used by this database's PostgreSQL backends while `sampler` runs (read from /proc; local server only). */
class PgCpuSampler {
  constructor(private readonly dbUrl: string = url) {}

  private readonly ticks = new Map<number, number>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private client: pg.Client | undefined;
  private ownPid = 0;

  async start(): Promise<void> {
    this.client = new pg.Client({ connectionString: this.dbUrl });
    await this.client.connect();
    this.ownPid = (await this.client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]?.pid ?? 0;
    const db = new URL(this.dbUrl).pathname.slice(1);
    const sample = async () => {
      const { rows } = await this.client!.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> $2", [db, this.ownPid]);
      for (const { pid } of rows) {
        const t = procCpuTicks(pid);
        if (t !== undefined) this.ticks.set(pid, Math.max(this.ticks.get(pid) ?? 0, t));
      }
    };
    await sample();
    this.baseline = new Map(this.ticks);
    this.timer = setInterval(() => void sample().catch(() => {}), 100);
  }

  private baseline = new Map<number, number>();

  async stop(): Promise<number> {
    clearInterval(this.timer);
    await this.client?.end();
    let total = 0;
    for (const [pid, t] of this.ticks) total += t - (this.baseline.get(pid) ?? 0);
    return total / CLOCK_TICKS;
  }
}

const CLOCK_TICKS = 100; // getconf CLK_TCK on Linux

/** utime + stime of a process (all its threads), in clock ticks. */
function procCpuTicks(pid: number): number | undefined {
  try {
    // Fields after the ")" that ends the command name: state is field 3, utime 14, stime 15.
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined;
  }
}

/**
 * The export child as plain JavaScript (esbuild, which tsx ships with): the app runs compiled code, and the tsx
 * loader thread would add ~45 MB of resident memory that is not the export's.
 */
async function bundledChild(): Promise<string> {
  const out = path.join(repoRoot, ".data", "bench", "export-child.mjs");
  const esbuild = (await import("esbuild")) as { build(options: Record<string, unknown>): Promise<unknown> };
  await esbuild.build({
    entryPoints: [path.join(repoRoot, "bench", "export-child.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    outfile: out,
    packages: "external",
    tsconfig: path.join(repoRoot, "tsconfig.json"),
    logLevel: "warning",
  });
  return out;
}

interface ExportResult {
  format: string;
  rows: number;
  seconds: number;
  bytes: number;
  peakRssMb: number;
  baselineRssMb: number;
  nodeCpu: number;
  pgCpu: number;
}

/** Exports everything in a child process, sampling its RSS from /proc every 50 ms. */
async function exportBench(child: string, format: "csv" | "jsonl"): Promise<ExportResult> {
  const pgCpu = new PgCpuSampler();
  await pgCpu.start();
  const r = await new Promise<Omit<ExportResult, "pgCpu">>((resolve, reject) => {
    const proc = spawn(process.execPath, [child, url, format], { cwd: repoRoot, stdio: ["ignore", "pipe", "inherit"] });
    let peakKb = 0;
    const sample = () => {
      try {
        const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${proc.pid}/status`, "utf8"));
        if (m?.[1]) peakKb = Math.max(peakKb, Number(m[1]));
      } catch {
        // the process has just exited
      }
    };
    const timer = setInterval(sample, 50);
    let out = "";
    proc.stdout.on("data", (d: Buffer) => (out += d.toString()));
    proc.on("error", reject);
    proc.on("exit", (code) => {
      clearInterval(timer);
      if (code !== 0) return reject(new Error(`export child exited with ${code}`));
      const j = JSON.parse(out.trim().split("\n").pop() ?? "{}") as { rows: number; seconds: number; bytes: number; baselineRssMb: number; cpuSeconds: number };
      resolve({ format, rows: j.rows, seconds: j.seconds, bytes: j.bytes, peakRssMb: peakKb / 1024, baselineRssMb: j.baselineRssMb, nodeCpu: j.cpuSeconds });
    });
  });
  return { ...r, pgCpu: await pgCpu.stop() };
}

interface VerifyBench {
  checked: number;
  seconds: number;
  ok: boolean;
  workers: number;
  nodeCpu: number;
  pgCpu: number;
}

/** `npm run audit:verify` itself, as a child process; CPU from /proc for it and for its database backends. */
async function verifyBench(): Promise<VerifyBench> {
  const pgCpu = new PgCpuSampler();
  await pgCpu.start();
  const r = await new Promise<Omit<VerifyBench, "pgCpu">>((resolve, reject) => {
    const proc = spawn(process.execPath, ["--import", "tsx", path.join(repoRoot, "scripts", "audit-verify.ts")], {
      cwd: repoRoot,
      // eslint-disable-next-line no-restricted-properties -- the CLI is configured through its environment
      env: { ...process.env, DATABASE_URL: url },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let lastTicks = 0;
    const timer = setInterval(() => (lastTicks = procCpuTicks(proc.pid ?? 0) ?? lastTicks), 50);
    let out = "";
    proc.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      process.stdout.write(d);
    });
    proc.on("error", reject);
    proc.on("exit", (code) => {
      clearInterval(timer);
      const m = /checked ([\d,]+) events in ([\d.]+) s \([\d,]+ events\/s, (\d+) workers?\)/.exec(out);
      if (!m?.[1] || !m[2] || !m[3]) return reject(new Error(`audit:verify exited with ${code} and printed no result`));
      resolve({ checked: Number(m[1].replace(/,/g, "")), seconds: Number(m[2]), ok: code === 0, workers: Number(m[3]), nodeCpu: lastTicks / CLOCK_TICKS });
    });
  });
  return { ...r, pgCpu: await pgCpu.stop() };
}

interface SeedRun {
  label: string;
  requests: number;
  events: number;
  /** The whole command: loading, rebuilding the indexes, COMMIT, ANALYZE. */
  seconds: number;
  /** Until the last row was in. */
  loadedSeconds: number;
  nodeCpu: number;
  /** This database's backends (sampled every 100 ms: short-lived parallel workers are partly missed). */
  pgCpu: number;
  /** Every process on the machine, the database's background writers included. */
  machineBusy: number;
}

/** Seeds `n` requests into `databaseUrl`, with the CPU used by this process, by the database and by the whole machine. */
async function measuredSeeding(label: string, databaseUrl: string, n: number): Promise<SeedRun> {
  const pgCpu = new PgCpuSampler(databaseUrl);
  await pgCpu.start();
  const before = process.cpuUsage();
  const machineBefore = machineCpu();
  const r = await seedHistory({ databaseUrl, requests: n, log });
  const machineAfter = machineCpu();
  const cpu = process.cpuUsage(before);
  return {
    label,
    requests: r.requests,
    events: r.events,
    seconds: r.seconds,
    loadedSeconds: r.loadedSeconds,
    nodeCpu: (cpu.user + cpu.system) / 1e6,
    pgCpu: await pgCpu.stop(),
    machineBusy: (machineAfter.busy - machineBefore.busy) / CLOCK_TICKS,
  };
}

/** CPU time of every process on the machine (busy = all but idle and iowait), in clock ticks, from /proc/stat. */
function machineCpu(): { busy: number } {
  const [, ...ticks] = (readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "").trim().split(/\s+/).map(Number);
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = ticks;
  return { busy: user + nice + system + irq + softirq + steal };
}

/** Seeding speed on its own: N requests into a scratch database (created, migrated, dropped), with CPU accounting. */
async function seedSample(n: number): Promise<SeedRun> {
  const scratch = new URL(url);
  scratch.pathname = `${scratch.pathname}_seed_sample`;
  const name = scratch.pathname.slice(1);
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const adminSql = async (text: string) => {
    const c = new pg.Client({ connectionString: admin.toString() });
    await c.connect();
    try {
      await c.query(text);
    } finally {
      await c.end();
    }
  };
  await adminSql(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await adminSql(`CREATE DATABASE "${name}"`);
  try {
    await migrate(scratch.toString());
    return await measuredSeeding("into an empty scratch database", scratch.toString(), n);
  } finally {
    await adminSql(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  }
}

function machine(pgVersion: string, settings: Record<string, string>): string[] {
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  return [
    `- CPU: ${os.cpus().length} × ${cpu} (\`nproc\` = ${os.availableParallelism()})`,
    `- Memory: ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `- PostgreSQL: ${pgVersion}`,
    `- PostgreSQL settings: ${Object.entries(settings).map(([k, v]) => `${k}=${v}`).join(", ")} (defaults of the Debian package)`,
    `- Node.js ${process.version}, ${os.type()} ${os.release()}`,
  ];
}

async function main(): Promise<void> {
  const started = new Date();
  const loadBefore = loadavg();
  await ensureDatabase();
  const seeding = await ensureSeeded();
  const [{ v: pgVersion } = { v: "?" }] = await sql<{ v: string }>("SELECT version() AS v");
  const settingRows = await sql<{ name: string; setting: string; unit: string | null }>(
    `SELECT name, setting, unit FROM pg_settings WHERE name IN ('shared_buffers', 'work_mem', 'effective_cache_size', 'max_parallel_workers_per_gather', 'random_page_cost')`,
  );
  const settings = Object.fromEntries(settingRows.map((r) => [r.name, `${r.setting}${r.unit ? ` ${r.unit}` : ""}`]));
  const [counts] = await sql<{ requests: number; events: number; decisions: number; links: number }>(
    `SELECT (SELECT count(*) FROM access_requests)::int AS requests, (SELECT count(*) FROM audit_events)::int AS events,
            (SELECT count(*) FROM decisions)::int AS decisions, (SELECT count(*) FROM approval_links)::int AS links`,
  );

  const db = createPrismaClient(url, 4);
  const stats = await queryBench(db);
  await db.$disconnect();

  const exports: ExportResult[] = [];
  if (!args["skip-export"]) {
    const child = await bundledChild();
    for (const format of ["csv", "jsonl"] as const) {
      log(`exporting everything as ${format} in a child process (load average ${loadavg()})…`);
      const r = await exportBench(child, format);
      log(
        `${format}: ${r.rows.toLocaleString("en")} rows in ${r.seconds.toFixed(1)} s = ${Math.round(r.rows / r.seconds).toLocaleString("en")} rows/s, ` +
          `peak RSS ${r.peakRssMb.toFixed(0)} MB (baseline ${r.baselineRssMb.toFixed(0)} MB), CPU node ${r.nodeCpu.toFixed(1)} s + PostgreSQL ${r.pgCpu.toFixed(1)} s`,
      );
      exports.push(r);
    }
  }

  let verify: VerifyBench | undefined;
  if (!args["skip-verify"]) {
    log(`npm run audit:verify (load average ${loadavg()})…`);
    verify = await verifyBench();
    log(`verify: CPU node ${verify.nodeCpu.toFixed(1)} s + PostgreSQL ${verify.pgCpu.toFixed(1)} s`);
  }

  let sample: SeedRun | undefined;
  const sampleSize = Number(args["seed-sample"]);
  if (sampleSize > 0) {
    log(`seeding ${sampleSize.toLocaleString("en")} requests into a scratch database (load average ${loadavg()})…`);
    sample = await seedSample(sampleSize);
    log(
      `seed sample: ${Math.round(sample.requests / sample.loadedSeconds).toLocaleString("en")} requests/s loading, ${Math.round(sample.requests / sample.seconds).toLocaleString("en")} overall, ` +
        `CPU node ${sample.nodeCpu.toFixed(1)} s + PostgreSQL ${sample.pgCpu.toFixed(1)} s`,
    );
  }

  const loadAfter = loadavg();
  const ms = (v: number) => v.toFixed(1);
  const pass = (ok: boolean) => (ok ? "✅" : "❌");
  const lines = [
    `# History benchmark — ${started.toISOString().slice(0, 10)}`,
    "",
    "`npm run bench:history` (bench/history.ts) against a real PostgreSQL. Query times are server time measured in-process",
    `around lib/history's query functions (one Prisma client, pool of 4), ${iterations} iterations per shape after 3 warm-ups, with the`,
    "parameters (requester, approver, target, word, ticket, cursor) rotating between iterations. Page size 50.",
    "",
    "## Machine",
    "",
    ...machine(pgVersion, settings),
    `- Load average (1/5/15 min) at start: ${loadBefore}; at end: ${loadAfter}. The machine is shared with other work; numbers are wall-clock.`,
    "",
    "## Data",
    "",
    `- ${counts?.requests.toLocaleString("en")} requests, ${counts?.events.toLocaleString("en")} audit events, ${counts?.decisions.toLocaleString("en")} decisions, ${counts?.links.toLocaleString("en")} approval links (seeded by \`lib/history/seed\`).`,
    seeding.seeded
      ? `- Seeded in this run (see Seeding below), then VACUUM ANALYZE ${seeding.vacuumSeconds?.toFixed(1)} s.`
      : "- Seeded by an earlier run.",
    "",
    "## History queries (target: p95 ≤ 150 ms)",
    "",
    "| Query | p50 ms | p95 ms | max ms | rows | |",
    "|---|---:|---:|---:|---:|---|",
    ...stats.map((s) => `| ${s.name} | ${ms(s.p50)} | ${ms(s.p95)} | ${ms(s.max)} | ${s.rows} | ${pass(s.p95 <= 150)} |`),
    "",
  ];
  // What the work would reach if the machine's cores were ours: limited by the busiest single thread of work
  // (one Node thread per process or worker, one PostgreSQL backend) or by all the CPU over all the cores.
  const cores = os.availableParallelism();
  const ceiling = (rows: number, node: number, nodeThreads: number, pgCpu: number) => rows / Math.max(node / nodeThreads, pgCpu, (node + pgCpu) / cores);
  if (exports.length) {
    lines.push(
      "## Export (target: ≥ 50 000 rows/s, peak RSS < 300 MB)",
      "",
      "Everything (no filter), streamed to /dev/null by a separate Node process (bench/export-child.ts, bundled to plain JavaScript with",
      `esbuild) through \`exportHistory\`: keyset batches of ${EXPORT_BATCH.toLocaleString("en-US").replace(",", " ")} requests, one query each, read from the pg pool row by row and formatted as the`,
      "rows arrive, the next batch read while the previous one is written. RSS sampled from /proc every 50 ms; the baseline is",
      "the same process after loading the code and opening the pool, before the first row. CPU seconds are from /proc for the process and",
      "for the database's backends.",
      "",
      "| Format | rows | seconds | rows/s (wall) | MB written | peak RSS MB | baseline RSS MB | CPU s node + PG | rows/s CPU ceiling on idle cores | |",
      "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
      ...exports.map((e) => {
        const rate = e.rows / e.seconds;
        const limit = ceiling(e.rows, e.nodeCpu, 1, e.pgCpu);
        return `| ${e.format} | ${e.rows.toLocaleString("en")} | ${e.seconds.toFixed(1)} | ${Math.round(rate).toLocaleString("en")} | ${(e.bytes / 2 ** 20).toFixed(0)} | ${e.peakRssMb.toFixed(0)} | ${e.baselineRssMb.toFixed(0)} | ${e.nodeCpu.toFixed(1)} + ${e.pgCpu.toFixed(1)} | ${Math.round(limit).toLocaleString("en")} | ${pass(rate >= 50_000 && e.peakRssMb < 300)} |`;
      }),
      "",
    );
  }
  if (verify) {
    const rate = verify.checked / verify.seconds;
    const limit = ceiling(verify.checked, verify.nodeCpu, verify.workers, verify.pgCpu);
    lines.push(
      "## Audit chain verification (target: ≥ 100 000 events/s)",
      "",
      `\`npm run audit:verify\` as a child process: ${verify.workers} worker thread(s), each verifying a seq range with read-ahead batches of 5 000, stitched.`,
      "",
      "| events | seconds | events/s (wall) | CPU s node + PG | events/s CPU ceiling on idle cores | result | |",
      "|---:|---:|---:|---:|---:|---|---|",
      `| ${verify.checked.toLocaleString("en")} | ${verify.seconds.toFixed(1)} | ${Math.round(rate).toLocaleString("en")} | ${verify.nodeCpu.toFixed(1)} + ${verify.pgCpu.toFixed(1)} | ${Math.round(limit).toLocaleString("en")} | ${verify.ok ? "intact" : "BROKEN"} | ${pass(rate >= 100_000)} |`,
      "",
    );
  }
  const seedRuns: SeedRun[] = [];
  if (seeding.seeded) seedRuns.push(seeding.seeded);
  if (sample) seedRuns.push(sample);
  if (seedRuns.length) {
    const rate = (n: number, seconds: number) => Math.round(n / seconds).toLocaleString("en");
    const cores = os.availableParallelism();
    lines.push(
      "## Seeding (`npm run seed:history`, target: ≥ 20 000 requests/s)",
      "",
      "Into empty tables: the generator runs in a worker thread (hash chain, binary COPY encoding) up to three batches ahead while the",
      "main thread loads by binary COPY; secondary indexes and foreign keys are dropped first and rebuilt after loading, all in one",
      "transaction. *Loading* is until the last row is in; *overall* adds rebuilding the indexes, COMMIT and ANALYZE. *Machine CPU*",
      "is every process's busy time from /proc/stat (the database's WAL writer and checkpointer included); the *ceiling* is the",
      "overall rate this much work would reach if it kept every core busy from start to end.",
      "",
      "| run | requests | audit events | loading s | requests/s loading | indexes + commit s | overall s | requests/s overall | CPU s node + PG | machine CPU s (busy %) | µs CPU per request | requests/s ceiling | overall ≥ 20k/s |",
      "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
      ...seedRuns.map(
        (r) =>
          `| ${r.label} | ${r.requests.toLocaleString("en")} | ${r.events.toLocaleString("en")} | ${r.loadedSeconds.toFixed(1)} | ${rate(r.requests, r.loadedSeconds)} | ` +
          `${(r.seconds - r.loadedSeconds).toFixed(1)} | ${r.seconds.toFixed(1)} | ${rate(r.requests, r.seconds)} | ${r.nodeCpu.toFixed(1)} + ${r.pgCpu.toFixed(1)} | ` +
          `${r.machineBusy.toFixed(1)} (${Math.round((100 * r.machineBusy) / (r.seconds * cores))} %) | ${Math.round((r.machineBusy * 1e6) / r.requests)} | ` +
          `${rate(r.requests, r.machineBusy / cores)} | ${pass(r.requests / r.seconds >= 20_000)} |`,
      ),
      "",
    );
  }
  const dir = path.join(repoRoot, "bench", "results");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `history-${started.toISOString().slice(0, 10)}.md`);
  writeFileSync(file, `${lines.join("\n")}\n`);
  log(`wrote ${path.relative(repoRoot, file)}`);
}

main().catch((error: unknown) => {
  console.error(`[bench:history] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
});
