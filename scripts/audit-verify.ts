/**
 * `npm run audit:verify [-- --batch-size N --workers N --parallel-from N]` — verifies the audit log's hash chain from the first event
 * to the last and prints how many events were checked, how fast, the chain head, and the first broken link.
 * Exit code 0: intact; 1: broken (or the check could not run).
 *
 * A large log is split into seq ranges verified in parallel by worker threads (each with its own connection and
 * read-ahead), then stitched: each range must start right after the previous one and point at its last hash.
 * The verdict is the same as one sequential pass (lib/audit/verify.ts).
 *
 * The database is DATABASE_URL, or else the embedded one in .data/pglite (PGLITE_DATA_DIR) — stop the app
 * first in that case, only one process may open it. Reads DATABASE_URL directly, like db:migrate: verifying
 * needs only the URL, not the app's whole configuration.
 */
import os from "node:os";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { isMainThread, parentPort, workerData } from "node:worker_threads";
import { GENESIS_HASH } from "@/lib/audit/chain";
import { verifyAuditRange, type RangeResult, type VerifyResult } from "@/lib/audit/verify";
import { createPrismaClient } from "@/lib/db/client";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { startModuleWorker } from "@/lib/threads/module-worker";

const log = (message: string) => console.log(`[audit:verify] ${message}`);

/** Below this many events one pass is as fast as starting workers (--parallel-from overrides it). */
const PARALLEL_FROM = 200_000;

interface RangeJob {
  url: string;
  afterSeq: string;
  throughSeq: string | null;
  isFirst: boolean;
  batchSize: number;
}

async function verifyRange(job: RangeJob): Promise<RangeResult> {
  const db = createPrismaClient(job.url, 2);
  try {
    return await verifyAuditRange(db, {
      afterSeq: BigInt(job.afterSeq),
      ...(job.throughSeq === null ? {} : { throughSeq: BigInt(job.throughSeq) }),
      ...(job.isFirst ? { expectedPrevHash: GENESIS_HASH } : {}),
      batchSize: job.batchSize,
    });
  } finally {
    await db.$disconnect();
  }
}

function inWorker(job: RangeJob): Promise<RangeResult> {
  return new Promise((resolve, reject) => {
    const worker = startModuleWorker(import.meta.url, { workerData: job });
    worker.once("message", (r: RangeResult) => resolve(r));
    worker.once("error", reject);
    worker.once("exit", (code) => code !== 0 && reject(new Error(`verification worker exited with ${code}`)));
  });
}

/** The ranges' results as one pass over the whole log would have reported them. */
export function stitch(ranges: RangeResult[]): VerifyResult {
  let checked = 0;
  let head = GENESIS_HASH;
  let nextSeq = 1n;
  for (const r of ranges) {
    if (r.firstSeq === null) continue;
    if (r.firstSeq !== nextSeq.toString()) return { ok: false, checked, head, firstBroken: { seq: r.firstSeq, reason: "seq_gap" } };
    if (r.firstPrevHash !== head) return { ok: false, checked, head, firstBroken: { seq: r.firstSeq, reason: "prev_hash_mismatch" } };
    checked += r.checked;
    if (r.checked > 0) head = r.head;
    if (r.firstBroken) return { ok: false, checked, head, firstBroken: r.firstBroken };
    nextSeq = BigInt(r.firstSeq) + BigInt(r.checked);
  }
  return { ok: true, checked, head };
}

async function verify(url: string, batchSize: number, workers: number, parallelFrom: number): Promise<boolean> {
  const db = createPrismaClient(url, 1);
  const [{ max } = { max: "0" }] = await db.$queryRaw<{ max: string }[]>`SELECT coalesce(max(seq), 0)::text AS max FROM audit_events`;
  await db.$disconnect();
  const last = BigInt(max);
  const parts = last < BigInt(parallelFrom) ? 1 : Math.max(1, Math.min(workers, Number(last)));
  const started = performance.now();
  const jobs: RangeJob[] = Array.from({ length: parts }, (_, k) => ({
    url,
    afterSeq: ((last * BigInt(k)) / BigInt(parts)).toString(),
    // The last range runs to the end, including events appended meanwhile.
    throughSeq: k === parts - 1 ? null : ((last * BigInt(k + 1)) / BigInt(parts)).toString(),
    isFirst: k === 0,
    batchSize,
  }));
  const result = stitch(await Promise.all(jobs.map((j) => (parts === 1 ? verifyRange(j) : inWorker(j)))));
  const seconds = (performance.now() - started) / 1000;
  const rate = seconds > 0 ? Math.round(result.checked / seconds) : result.checked;
  log(`checked ${result.checked.toLocaleString("en")} events in ${seconds.toFixed(2)} s (${rate.toLocaleString("en")} events/s, ${parts} worker${parts === 1 ? "" : "s"})`);
  if (result.ok) {
    log(`chain intact; head ${result.head}`);
    return true;
  }
  const broken = result.firstBroken;
  log(`CHAIN BROKEN at seq ${broken?.seq ?? "?"}: ${describe(broken?.reason)}`);
  log(`last good hash before it: ${result.head}`);
  return false;
}

function describe(reason: string | undefined): string {
  switch (reason) {
    case "seq_gap":
      return "an event is missing before it (seq gap: deleted rows)";
    case "prev_hash_mismatch":
      return "its prev_hash does not match the event before it (events deleted, inserted or reordered)";
    case "hash_mismatch":
      return "its content does not match its hash (the event was edited)";
    default:
      return "unknown reason";
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { "batch-size": { type: "string" }, workers: { type: "string" }, "parallel-from": { type: "string" } },
    strict: true,
  });
  const batchSize = values["batch-size"] === undefined ? 5000 : Number(values["batch-size"]);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 100_000) throw new Error("--batch-size must be a whole number between 1 and 100000");
  const workers = values.workers === undefined ? Math.min(4, os.availableParallelism()) : Number(values.workers);
  if (!Number.isInteger(workers) || workers < 1 || workers > 32) throw new Error("--workers must be a whole number between 1 and 32");
  const parallelFrom = values["parallel-from"] === undefined ? PARALLEL_FROM : Number(values["parallel-from"]);
  if (!Number.isInteger(parallelFrom) || parallelFrom < 0) throw new Error("--parallel-from must be a whole number ≥ 0");
  const url = process.env.DATABASE_URL?.trim();
  let ok: boolean;
  if (url) {
    ok = await verify(url, batchSize, workers, parallelFrom);
  } else {
    const embedded = await startEmbeddedPostgres({ dataDir: process.env.PGLITE_DATA_DIR?.trim() || undefined });
    log(`DATABASE_URL is not set: verifying the embedded database in ${embedded.dataDir}`);
    try {
      // PGlite answers one query at a time: parallel ranges would only queue.
      ok = await verify(embedded.url, batchSize, 1, parallelFrom);
    } finally {
      await embedded.stop();
    }
  }
  process.exitCode = ok ? 0 : 1;
}

const isEntryPoint = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;

if (!isMainThread) {
  verifyRange(workerData as RangeJob).then(
    (r) => parentPort?.postMessage(r),
    (error: unknown) => {
      throw error;
    },
  );
} else if (isEntryPoint) {
  main().catch((error: unknown) => {
    console.error(`[audit:verify] failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
}
