/**
 * Seeds realistic request history (people, targets, requests with every outcome, decisions, approval links and
 * ~8 hash-chained audit events per request) into a migrated database. Used by `npm run seed:history`, the
 * history benchmark and the integration tests.
 *
 * Everything is one transaction holding the audit chain's lock (lib/audit/append.ts), so the chain continues
 * from the database's last event and nothing else can append in between; a failed run leaves no trace. While
 * Node generates and hashes batch k+1, PostgreSQL is already loading batch k.
 */
import pg from "pg";
import { AUDIT_CHAIN_LOCK_KEY } from "@/lib/audit/append";
import { GENESIS_HASH } from "@/lib/audit/chain";
import { areHistoryTablesEmpty, dropSecondaryIndexes, historyTables, restoreSecondaryIndexes, type DroppedDefinitions } from "./bulk-indexes";
import { chainEvents, type ChainHead } from "./chain";
import { createCast, type SeedCast } from "./people";
import { createRandom } from "./random";
import { requestFactory, type SeedDecisionRow, type SeedEvent, type SeedLinkRow, type SeedRequestRow } from "./requests";
import { decisionTable, eventTable, linkTable, requestTable, writeRows, type WriteMethod } from "./tables";

export interface SeedHistoryOptions {
  databaseUrl: string;
  requests: number;
  /** The end of the seeded period; things due later have not happened yet. Default: now. */
  now?: Date;
  /** Length of the seeded period. Default: about 1 000 requests a day, between 7 and 730 days. */
  days?: number;
  /** Seed of the random mix (ids are always random). Default 1. */
  seed?: number;
  /** Requests per batch. Default 1 000 with COPY (less garbage per batch than larger ones), 500 with INSERT. */
  batchSize?: number;
  /** Default: COPY, except on PGlite. */
  method?: WriteMethod;
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
    const factory = requestFactory(cast, createRandom(options.seed ?? 1), now);

    await client.query("BEGIN");
    try {
      if (!isPglite) await client.query("SET LOCAL maintenance_work_mem = '512MB'");
      await client.query("SELECT pg_advisory_xact_lock($1)", [AUDIT_CHAIN_LOCK_KEY.toString()]);
      const last = await client.query<{ seq: string; hash: string }>("SELECT seq::text AS seq, hash FROM audit_events ORDER BY audit_events.seq DESC LIMIT 1");
      let head: ChainHead = last.rows[0] ? { seq: BigInt(last.rows[0].seq), hash: last.rows[0].hash } : { seq: 0n, hash: GENESIS_HASH };
      await upsertCast(client, cast);

      let dropped: DroppedDefinitions | undefined;
      // Below ~10k requests maintaining the indexes row by row is cheaper than rebuilding them.
      if ((options.rebuildIndexesWhenEmpty ?? total >= 10_000) && (await areHistoryTablesEmpty(client))) {
        dropped = await dropSecondaryIndexes(client);
        log(`history tables are empty: loading without their ${dropped.indexes.length} secondary indexes, rebuilding them afterwards`);
      }

      const counts = { requests: 0, decisions: 0, links: 0, events: 0 };
      let pending: SeedEvent[] = [];
      let writing: Promise<unknown> = Promise.resolve();
      let lastLog = performance.now();
      for (let first = 0; first < total; first += batchSize) {
        const size = Math.min(batchSize, total - first);
        const requests: SeedRequestRow[] = [];
        const decisions: SeedDecisionRow[] = [];
        const links: SeedLinkRow[] = [];
        const events: SeedEvent[] = pending;
        for (let i = first; i < first + size; i++) {
          // Evenly spread, jittered, in submission order.
          const submittedAt = new Date(Math.floor(from.getTime() + ((i + factory.jitter()) * spanMs) / total));
          const r = factory.create(submittedAt);
          requests.push(r.request);
          decisions.push(...r.decisions);
          links.push(...r.links);
          for (const e of r.events) events.push(e);
        }
        // Events are appended in time order: those due after this batch's last submission wait for a later batch.
        const windowEnd = first + size >= total ? Number.POSITIVE_INFINITY : (requests[requests.length - 1]?.submittedAt.getTime() ?? 0);
        const due = events.filter((e) => e.at.getTime() <= windowEnd).sort((a, b) => a.at.getTime() - b.at.getTime());
        pending = events.filter((e) => e.at.getTime() > windowEnd);
        const chained = chainEvents(due, head);
        head = chained.head;

        await writing; // at most one batch in flight: memory stays bounded
        // One statement at a time on the connection (pg queues them, but deprecates queueing).
        writing = (async () => {
          await writeRows(client, method, requestTable, requests);
          await writeRows(client, method, decisionTable, decisions);
          await writeRows(client, method, linkTable, links);
          await writeRows(client, method, eventTable, chained.chained);
        })();
        // Awaited on the next pass; until then a failure must not count as unhandled.
        writing.catch(() => {});
        counts.requests += requests.length;
        counts.decisions += decisions.length;
        counts.links += links.length;
        counts.events += chained.chained.length;
        if (performance.now() - lastLog > 5000) {
          lastLog = performance.now();
          const rate = counts.requests / ((lastLog - started) / 1000);
          log(`${counts.requests.toLocaleString("en")} / ${total.toLocaleString("en")} requests (${Math.round(rate).toLocaleString("en")}/s)`);
        }
      }
      await writing;
      if (dropped) await restoreSecondaryIndexes(client, dropped, log);
      await client.query("COMMIT");
      // Fresh statistics, or the planner judges the new rows by the empty tables it last saw.
      for (const t of historyTables) await client.query(`ANALYZE "${t}"`);
      const seconds = (performance.now() - started) / 1000;
      return { ...counts, seconds, method, rebuiltIndexes: !!dropped, head: { seq: head.seq.toString(), hash: head.hash }, from, to: new Date(periodEnd) };
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      throw error;
    }
  } finally {
    await client.end();
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
