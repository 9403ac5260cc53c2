/**
 * The export's own read: the same filters, keyset and indexes as the history page (query.ts), read straight
 * from the pg pool under Prisma as text — a million rows cost no Date objects, no value conversions and no
 * model objects beyond the ExportRow itself.
 *
 * One query per batch: the page of requests is cut first (a LIMITed subquery on the keyset index), then its
 * target, requester and decisions are looked up per request, one result row per decision (or one for a request
 * without any), in keyset order and decision time; consecutive rows of the same request are folded together here. Timestamps
 * come out as `timestamp … AT TIME ZONE 'UTC'` text and are turned into ISO-8601 here, which is several times
 * cheaper for the database than formatting them with to_char.
 */
import pg from "pg";
import { poolOf, type Db } from "@/lib/db/client";
import { isoFromUtcText, textValues } from "@/lib/db/timestamp-text";
import { Prisma } from "@/lib/generated/prisma/client";
import type { HistoryCursor } from "./cursor";
import type { HistoryFilters } from "./filters";
import { historyFrom, historyOrder, historyPageOrder, historyWhere, keysetBatches, resolveFilters, type ResolvedFilters } from "./query";

/** One decision as exported (snake_case, like the CSV header). */
export interface ExportDecision {
  approver_id: string;
  approver_upn: string | null;
  kind: string;
  is_final: boolean;
  /** ISO-8601 UTC. */
  at: string;
}

/**
 * One request as exported: the CSV's columns (export.ts `csvColumns`) as the database returned them, plus all of
 * the request's decisions. The JSON Lines export writes this object as it is.
 */
export interface ExportRow {
  number: number;
  id: string;
  status: string;
  submitted_at: string;
  target_id: string;
  target_name: string | null;
  requester_upn: string | null;
  requester_id: string;
  requester_name: string | null;
  duration_minutes: number;
  justification: string;
  ticket_number: string | null;
  ticket_system: string | null;
  decided_at: string | null;
  activated_at: string | null;
  expires_at: string | null;
  ended_at: string | null;
  failure_code: string | null;
  failure_message: string | null;
  decisions: ExportDecision[];
}

const utc = (column: Prisma.Sql) => Prisma.sql`(${column} AT TIME ZONE 'UTC')`;

/** One batch of the export, formatted: the bytes of its lines, how many requests they hold, the last one's key. */
export interface ExportChunk {
  bytes: Uint8Array;
  rows: number;
  last: HistoryCursor | null;
}

/**
 * The whole result as formatted chunks of `batchSize` requests, one database round trip each, reading one batch
 * ahead. Each request is formatted with `line` and its text encoded into the chunk as soon as its last row has
 * arrived, so a row's strings live for microseconds, not for the whole batch (which keeps garbage collection
 * cheap at a million rows).
 */
export async function* exportChunks(db: Db, filters: HistoryFilters, batchSize: number, line: (r: ExportRow) => string): AsyncGenerator<ExportChunk> {
  const resolved = await resolveFilters(db, filters);
  if (!resolved) return;
  const pool = poolOf(db);
  yield* keysetBatches(batchSize, (after) => readChunk(pool, resolved, after, batchSize, line), (chunk) => chunk);
}

async function readChunk(
  pool: pg.Pool,
  filters: ResolvedFilters,
  after: HistoryCursor | null,
  limit: number,
  line: (r: ExportRow) => string,
): Promise<ExportChunk> {
  const sql = Prisma.sql`
    SELECT page.number, page.id, page.status, ${utc(Prisma.sql`page.submitted_at`)}, page.target_id, t.display_name, u.upn,
           page.requester_id, u.display_name, page.duration_minutes, page.justification, page.ticket_number, page.ticket_system,
           ${utc(Prisma.sql`page.decided_at`)}, ${utc(Prisma.sql`page.activated_at`)}, ${utc(Prisma.sql`page.expires_at`)},
           ${utc(Prisma.sql`page.ended_at`)}, page.failure_code, page.failure_message,
           d.approver_id, d.upn, d.kind, d.is_final, ${utc(Prisma.sql`d.created_at`)}
      FROM (
        SELECT r.id, r.number, r.status, r.submitted_at, r.target_id, r.requester_id, r.duration_minutes, r.justification, r.ticket_number,
               r.ticket_system, r.decided_at, r.activated_at, r.expires_at, r.ended_at, r.failure_code, r.failure_message
          FROM ${historyFrom(filters)}
         WHERE ${historyWhere(filters, after)}
         ORDER BY ${historyPageOrder(filters)}
         LIMIT ${limit}
      ) page
      -- Each lookup is per row of the page (OFFSET 0 keeps the planner from turning it into a join over whole
      -- tables), so the page's keyset order survives and the final sort only orders each request's decisions.
      LEFT JOIN LATERAL (SELECT display_name FROM targets WHERE targets.id = page.target_id OFFSET 0) t ON TRUE
      LEFT JOIN LATERAL (SELECT upn, display_name FROM users WHERE users.id = page.requester_id OFFSET 0) u ON TRUE
      LEFT JOIN LATERAL (
        SELECT d.approver_id, a.upn, d.kind, d.is_final, d.created_at
          FROM decisions d LEFT JOIN users a ON a.id = d.approver_id
         WHERE d.request_id = page.id
        OFFSET 0
      ) d ON TRUE
     ORDER BY ${historyOrder(filters, Prisma.sql`page.`)}, d.created_at`;
  // Checked out per batch, not for the whole export: on the embedded database the pool has one connection,
  // which the rest of the app needs between batches.
  const client = await pool.connect();
  try {
    return await new Promise((resolve, reject) => {
      const out = new TextChunk(limit * 512);
      let current: ExportRow | undefined;
      let rows = 0;
      const flush = () => {
        if (!current) return;
        out.write(line(current));
        rows++;
      };
      const query = new pg.Query({ text: sql.text, values: sql.values, rowMode: "array", types: textValues } as pg.QueryConfig);
      query.on("row", (c: (string | null)[]) => {
        const id = c[1] as string;
        if (current?.id !== id) {
          flush();
          current = toExportRow(c, id);
        }
        const approverId = c[19];
        if (approverId) {
          current.decisions.push({ approver_id: approverId, approver_upn: c[20] ?? null, kind: c[21] as string, is_final: c[22] === "t", at: isoFromUtcText(c[23] as string) });
        }
      });
      query.on("error", reject);
      query.on("end", () => {
        flush();
        resolve({ bytes: out.finish(), rows, last: current ? { submittedAt: new Date(current.submitted_at), id: current.id } : null });
      });
      client.query(query);
    });
  } finally {
    client.release();
  }
}

/** A fresh object literal per request (one hidden class, keys in CSV order): cheap to make and to format. */
function toExportRow(c: (string | null)[], id: string): ExportRow {
  return {
    number: Number(c[0]),
    id,
    status: c[2] as string,
    submitted_at: isoFromUtcText(c[3] as string),
    target_id: c[4] as string,
    target_name: c[5] ?? null,
    requester_upn: c[6] ?? null,
    requester_id: c[7] as string,
    requester_name: c[8] ?? null,
    duration_minutes: Number(c[9]),
    justification: c[10] as string,
    ticket_number: c[11] ?? null,
    ticket_system: c[12] ?? null,
    decided_at: isoOrNull(c[13] ?? null),
    activated_at: isoOrNull(c[14] ?? null),
    expires_at: isoOrNull(c[15] ?? null),
    ended_at: isoOrNull(c[16] ?? null),
    failure_code: c[17] ?? null,
    failure_message: c[18] ?? null,
    decisions: [],
  };
}

/** UTF-8 text appended into one growing buffer. */
class TextChunk {
  private buf: Buffer;
  private pos = 0;

  constructor(bytes: number) {
    this.buf = Buffer.allocUnsafe(bytes);
  }

  write(text: string): void {
    if (this.pos + text.length * 3 > this.buf.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + text.length * 3));
      this.buf.copy(bigger, 0, 0, this.pos);
      this.buf = bigger;
    }
    this.pos += this.buf.write(text, this.pos, "utf8");
  }

  finish(): Uint8Array {
    return this.buf.subarray(0, this.pos);
  }
}

function isoOrNull(text: string | null): string | null {
  return text === null ? null : isoFromUtcText(text);
}
