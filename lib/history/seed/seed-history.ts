/**
 * Seeds realistic request history (people, targets, requests with every outcome, decisions, approval links and
 * ~8 hash-chained audit events per request) into a migrated database. Used by `npm run seed:history`, the
 * history benchmark and the integration tests.
 *
 * Everything is one transaction holding the audit chain's lock (lib/audit/append.ts), so the chain continues
 * from the database's last event and nothing else can append in between; a failed run leaves no trace. A worker
 * thread generates and hashes batch k+1 (generator.ts) while PostgreSQL loads batch k by binary COPY.
 */
import os from "node:os";
import pg from "pg";
import { AUDIT_CHAIN_LOCK_KEY } from "@/lib/audit/append";
import { GENESIS_HASH } from "@/lib/audit/chain";
import { batchSource } from "./batch-source";
import { areHistoryTablesEmpty, dropSecondaryIndexes, historyTables, restoreSecondaryIndexes, type DroppedDefinitions } from "./bulk-indexes";
import type { ChainHead } from "./chain";
import type { GeneratedBatch } from "./generator";
import { createCast, type SeedCast } from "./people";
import { copyBinary, decisionTable, eventTable, insertRows, linkTable, requestTable, type WriteMethod } from "./tables";

export interface SeedHistoryOptions {
  databaseUrl: string;
  requests: number;
  /** The end of the seeded period; things due later have not happened yet. Default: now. */
  now?: Date;
  /** Length of the seeded period. Default: about 1 000 requests a day, between 7 and 730 days. */
  days?: number;
  /** Seed of the random mix (ids are always random). Default 1. */
  seed?: number;
  /** Requests per batch. Default 1 000 with COPY, 500 with INSERT. */
  batchSize?: number;
  /** Default: COPY, except on PGlite. */
  method?: WriteMethod;
  /** Generate in a worker thread while this thread loads (default: with COPY on a machine with two or more cores). */
  inWorker?: boolean;
  /**
   * Only finished requests: the period ends 36 hours before `now`, so every request has run its course. Use it
   * for a database an app is running against — its worker would otherwise follow the open seeded requests in PIM,
   * which has never heard of them.
   */
  closedOnly?: boolean;
  /** Rebuild indexes after loading when the history tables start empty (default: for 10 000 requests or more). */
  rebuildIndexesWhenEmpty?: boolean;
  log?: (message: string) => void;
}

export interface SeedHistoryResult {
  requests: number;
  decisions: number;
  links: number;
  events: number;
  seconds: number;
  /** Until the last row was loaded: `seconds` minus rebuilding indexes, committing and ANALYZE. */
  loadedSeconds: number;
  method: WriteMethod;
  rebuiltIndexes: boolean;
  /** The chain's last event after seeding. */
  head: { seq: string; hash: string };
  from: Date;
  to: Date;
}

export async function seedHistory(options: SeedHistoryOptions): Promise<SeedHistoryResult> {
  const log = options.log ?? (() => {});
  const started = performance.now();
  const now = options.now ?? new Date();
  const total = options.requests;
  if (!Number.isInteger(total) || total < 0) throw new RangeError("requests must be a whole number ≥ 0");
  const days = options.days ?? Math.min(730, Math.max(7, Math.ceil(total / 1000)));
  const spanMs = days * 24 * 60 * 60 * 1000;
  const periodEnd = options.closedOnly ? now.getTime() - 36 * 60 * 60 * 1000 : now.getTime();
  const from = new Date(periodEnd - spanMs);

  const client = new pg.Client({ connectionString: options.databaseUrl });
  client.on("error", () => {}); // a dropped connection fails the pending query, which reports it
  await client.connect();
  try {
    const { rows: version } = await client.query<{ v: string }>("SELECT version() AS v");
    const isPglite = (version[0]?.v ?? "").includes("PGlite");
    const method = options.method ?? (isPglite ? "insert" : "copy");
    const batchSize = options.batchSize ?? (method === "copy" ? 1000 : 500);
    const cast = createCast();

    await client.query("BEGIN");
    try {
      if (!isPglite) await client.query("SET LOCAL maintenance_work_mem = '512MB'");
      await client.query("SELECT pg_advisory_xact_lock($1)", [AUDIT_CHAIN_LOCK_KEY.toString()]);
      const last = await client.query<{ seq: string; hash: string }>("SELECT seq::text AS seq, hash FROM audit_events ORDER BY audit_events.seq DESC LIMIT 1");
      const start: ChainHead = last.rows[0] ? { seq: Number(last.rows[0].seq), hash: last.rows[0].hash } : { seq: 0, hash: GENESIS_HASH };
      await upsertCast(client, cast);

      let dropped: DroppedDefinitions | undefined;
      // Below ~10k requests maintaining the indexes row by row is cheaper than rebuilding them.
      if ((options.rebuildIndexesWhenEmpty ?? total >= 10_000) && (await areHistoryTablesEmpty(client))) {
        dropped = await dropSecondaryIndexes(client);
        log(`history tables are empty: loading without their ${dropped.primaryKeys.length + dropped.indexes.length} indexes, rebuilding them afterwards`);
      }

      const counts = { requests: 0, decisions: 0, links: 0, events: 0 };
      let head = start;
      const source = batchSource(
        { requests: total, batchSize, seed: options.seed ?? 1, now: now.getTime(), from: from.getTime(), spanMs, head: start, format: method === "copy" ? "binary" : "rows" },
        { inWorker: options.inWorker ?? (method === "copy" && os.availableParallelism() > 1) },
      );
      try {
        let lastLog = performance.now();
        let next = source.next();
        for (let batch = await next; batch; batch = await next) {
          // Ask for the next batch first: it is generated while this one loads.
          next = source.next();
          next.catch(() => {}); // awaited on the next pass; a failure meanwhile must not count as unhandled
          await writeBatch(client, batch);
          head = batch.head;
          counts.requests += batch.counts.requests;
          counts.decisions += batch.counts.decisions;
          counts.links += batch.counts.links;
          counts.events += batch.counts.events;
          if (performance.now() - lastLog > 5000) {
            lastLog = performance.now();
            const rate = counts.requests / ((lastLog - started) / 1000);
            log(`${counts.requests.toLocaleString("en")} / ${total.toLocaleString("en")} requests (${Math.round(rate).toLocaleString("en")}/s)`);
          }
        }
      } finally {
        await source.close();
      }
      const loadedSeconds = (performance.now() - started) / 1000;
      if (dropped) await restoreSecondaryIndexes(client, dropped, log);
      await client.query("COMMIT");
      // Fresh statistics, or the planner judges the new rows by the empty tables it last saw.
      for (const t of historyTables) await client.query(`ANALYZE "${t}"`);
      const seconds = (performance.now() - started) / 1000;
      return {
        ...counts,
        seconds,
        loadedSeconds,
        method,
        rebuiltIndexes: !!dropped,
        head: { seq: String(head.seq), hash: head.hash },
        from,
        to: new Date(periodEnd),
      };
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      throw error;
    }
  } finally {
    await client.end();
  }
}

/** One batch, parents before children (when the tables start non-empty their foreign keys are in place). */
async function writeBatch(client: pg.Client, { counts, binary, rows }: GeneratedBatch): Promise<void> {
  if (binary) {
    await copyBinary(client, requestTable, binary.requests);
    if (counts.decisions > 0) await copyBinary(client, decisionTable, binary.decisions);
    if (counts.links > 0) await copyBinary(client, linkTable, binary.links);
    if (counts.events > 0) await copyBinary(client, eventTable, binary.events);
  } else if (rows) {
    await insertRows(client, requestTable, rows.requests);
    await insertRows(client, decisionTable, rows.decisions);
    await insertRows(client, linkTable, rows.links);
    await insertRows(client, eventTable, rows.events);
  }
}

async function upsertCast(client: pg.Client, cast: SeedCast): Promise<void> {
  const people = [...cast.requesters, ...cast.approvers];
  await client.query(
    `INSERT INTO users (id, tenant_id, upn, display_name, email)
     SELECT id, $1, upn, name, email FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) AS u(id, upn, name, email)
     ON CONFLICT (id) DO NOTHING`,
    [cast.tenantId, people.map((p) => p.id), people.map((p) => p.upn), people.map((p) => p.displayName), people.map((p) => p.email)],
  );
  const t = cast.targets;
  await client.query(
    `INSERT INTO targets (id, display_name, pim_group_id, approver_group_id, cluster_resource_id, quorum)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[])
     ON CONFLICT (id) DO NOTHING`,
    [t.map((x) => x.id), t.map((x) => x.displayName), t.map((x) => x.pimGroupId), t.map((x) => x.approverGroupId), t.map((x) => x.clusterResourceId), t.map((x) => x.quorum)],
  );
}
