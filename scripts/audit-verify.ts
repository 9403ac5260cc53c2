/**
 * `npm run audit:verify [-- --batch-size N]` — verifies the audit log's hash chain from the first event to the
 * last and prints how many events were checked, how fast, the chain head, and the first broken link.
 * Exit code 0: intact; 1: broken (or the check could not run).
 *
 * The database is DATABASE_URL, or else the embedded one in .data/pglite (PGLITE_DATA_DIR) — stop the app
 * first in that case, only one process may open it. Reads DATABASE_URL directly, like db:migrate: verifying
 * needs only the URL, not the app's whole configuration.
 */
import { parseArgs } from "node:util";
import { verifyAuditLog } from "@/lib/audit/verify";
import { createPrismaClient } from "@/lib/db/client";
import { startEmbeddedPostgres } from "@/lib/db/embedded";

const log = (message: string) => console.log(`[audit:verify] ${message}`);

async function verify(url: string, batchSize: number): Promise<boolean> {
  const db = createPrismaClient(url, 2);
  try {
    const started = performance.now();
    const result = await verifyAuditLog(db, batchSize);
    const seconds = (performance.now() - started) / 1000;
    const rate = seconds > 0 ? Math.round(result.checked / seconds) : result.checked;
    log(`checked ${result.checked.toLocaleString("en")} events in ${seconds.toFixed(2)} s (${rate.toLocaleString("en")} events/s)`);
    if (result.ok) {
      log(`chain intact; head ${result.head}`);
      return true;
    }
    const broken = result.firstBroken;
    log(`CHAIN BROKEN at seq ${broken?.seq ?? "?"}: ${describe(broken?.reason)}`);
    log(`last good hash before it: ${result.head}`);
    return false;
  } finally {
    await db.$disconnect();
  }
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
  const { values } = parseArgs({ options: { "batch-size": { type: "string" } }, strict: true });
  const batchSize = values["batch-size"] === undefined ? 5000 : Number(values["batch-size"]);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 100_000) throw new Error("--batch-size must be a whole number between 1 and 100000");
  const url = process.env.DATABASE_URL?.trim();
  let ok: boolean;
  if (url) {
    ok = await verify(url, batchSize);
  } else {
    const embedded = await startEmbeddedPostgres({ dataDir: process.env.PGLITE_DATA_DIR?.trim() || undefined });
    log(`DATABASE_URL is not set: verifying the embedded database in ${embedded.dataDir}`);
    try {
      ok = await verify(embedded.url, batchSize);
    } finally {
      await embedded.stop();
    }
  }
  process.exitCode = ok ? 0 : 1;
}

main().catch((error: unknown) => {
  console.error(`[audit:verify] failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
