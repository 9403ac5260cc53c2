/**
 * `npm run seed:history -- --requests N [--database-url URL] [--days D] [--seed S] [--method copy|insert] [--closed-only]`
 *
 * Adds N requests of realistic history (people, targets, every outcome, decisions, approval links and a valid
 * hash-chained audit trail) to a database, migrating it first. The database is --database-url, else
 * DATABASE_URL, else the embedded one in .data/pglite (or PGLITE_DATA_DIR) — stop the app first in that case,
 * only one process may open it. --closed-only seeds finished requests only (the period ends 36 h ago): use it for
 * a database a running app uses, whose worker would otherwise chase the open seeded requests in PIM. Refuses servers that are not on this machine unless --allow-remote is given:
 * seeded history in a real deployment would be indistinguishable from the real thing.
 */
import { parseArgs } from "node:util";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { migrate } from "@/lib/db/migrate";
import { seedHistory } from "@/lib/history/seed/seed-history";

const log = (message: string) => console.log(`[seed:history] ${message}`);

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      requests: { type: "string" },
      "database-url": { type: "string" },
      days: { type: "string" },
      seed: { type: "string" },
      method: { type: "string" },
      "allow-remote": { type: "boolean", default: false },
      "closed-only": { type: "boolean", default: false },
    },
    strict: true,
  });
  const requests = Number(values.requests);
  if (!values.requests || !Number.isInteger(requests) || requests < 1) throw new Error("--requests N is required (a whole number ≥ 1)");
  const days = values.days === undefined ? undefined : Number(values.days);
  if (days !== undefined && !(days > 0)) throw new Error("--days must be a positive number");
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  const method = values.method;
  if (method !== undefined && method !== "copy" && method !== "insert") throw new Error("--method must be copy or insert");

  const url = values["database-url"]?.trim() || process.env.DATABASE_URL?.trim();
  const run = async (databaseUrl: string) => {
    await migrate(databaseUrl, { log });
    const r = await seedHistory({ databaseUrl, requests, days, seed, method, closedOnly: values["closed-only"], log });
    log(
      `seeded ${r.requests.toLocaleString("en")} requests, ${r.decisions.toLocaleString("en")} decisions, ${r.links.toLocaleString("en")} approval links and ` +
        `${r.events.toLocaleString("en")} audit events (${r.from.toISOString().slice(0, 10)} – ${r.to.toISOString().slice(0, 10)}) in ${r.seconds.toFixed(1)} s ` +
        `= ${Math.round(r.requests / r.seconds).toLocaleString("en")} requests/s via ${r.method}${r.rebuiltIndexes ? ", indexes rebuilt" : ""}`,
    );
    log(`audit chain head: seq ${r.head.seq}, ${r.head.hash}`);
  };

  if (url) {
    const host = new URL(url).hostname;
    if (!values["allow-remote"] && !["localhost", "127.0.0.1", "[::1]"].includes(host)) {
      throw new Error(`${host} is not this machine; seeded history must never mix with real history (pass --allow-remote if you mean it)`);
    }
    await run(url);
    return;
  }
  const embedded = await startEmbeddedPostgres({ dataDir: process.env.PGLITE_DATA_DIR?.trim() || undefined });
  log(`no database URL: seeding the embedded database in ${embedded.dataDir}`);
  try {
    await run(embedded.url);
  } finally {
    await embedded.stop();
  }
}

main().catch((error: unknown) => {
  console.error(`[seed:history] failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
