/**
 * The export's own read: the same filters, keyset and indexes as the history page (query.ts), but every column
 * comes back already in its output form — timestamps as ISO-8601 UTC text from PostgreSQL's to_char, names as
 * the CSV header has them — so a million rows cost no Date objects or value conversions in Node.
 */
import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import type { HistoryCursor } from "./cursor";
import type { HistoryFilters } from "./filters";
import { historyOrder, historyWhere, keysetBatches, resolveFilters, type ResolvedFilters } from "./query";

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

interface RawExportDecision extends ExportDecision {
  request_id: string;
}

type RawExportRow = Omit<ExportRow, "number" | "decisions"> & { number: string };

const iso = (column: Prisma.Sql) => Prisma.sql`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

export async function* exportRowBatches(db: Db, filters: HistoryFilters, batchSize: number): AsyncGenerator<ExportRow[]> {
  const resolved = await resolveFilters(db, filters);
  if (!resolved) return;
  yield* keysetBatches(batchSize, (after) => readBatch(db, resolved, after, batchSize), (r) => ({ submittedAt: new Date(r.submitted_at), id: r.id }));
}

async function readBatch(db: Db, filters: ResolvedFilters, after: HistoryCursor | null, limit: number): Promise<ExportRow[]> {
  const order = historyOrder(filters);
  const where = historyWhere(filters, after);
  // The decisions are selected by the same keyset range rather than by the ids the first query returns, so both
  // queries run at once on two connections instead of one after the other.
  const [rows, decisions] = await Promise.all([
    db.$queryRaw<RawExportRow[]>`
      WITH page AS MATERIALIZED (
        SELECT r.id, r.number, r.status, r.submitted_at, r.target_id, r.requester_id, r.duration_minutes, r.justification, r.ticket_number,
               r.ticket_system, r.decided_at, r.activated_at, r.expires_at, r.ended_at, r.failure_code, r.failure_message
          FROM access_requests r
         WHERE ${where}
         ORDER BY ${order}
         LIMIT ${limit}
      )
      SELECT page.number::text AS number, page.id::text AS id, page.status::text AS status, ${iso(Prisma.sql`page.submitted_at`)} AS submitted_at,
             page.target_id, t.display_name AS target_name, u.upn AS requester_upn, page.requester_id, u.display_name AS requester_name,
             page.duration_minutes, page.justification, page.ticket_number, page.ticket_system,
             ${iso(Prisma.sql`page.decided_at`)} AS decided_at, ${iso(Prisma.sql`page.activated_at`)} AS activated_at,
             ${iso(Prisma.sql`page.expires_at`)} AS expires_at, ${iso(Prisma.sql`page.ended_at`)} AS ended_at,
             page.failure_code, page.failure_message
        FROM page
        LEFT JOIN targets t ON t.id = page.target_id
        LEFT JOIN users u ON u.id = page.requester_id
       ORDER BY ${order}`,
    db.$queryRaw<RawExportDecision[]>`
      SELECT d.request_id::text AS request_id, d.approver_id, a.upn AS approver_upn, d.kind::text AS kind, d.is_final,
             ${iso(Prisma.sql`d.created_at`)} AS at
        FROM (SELECT r.id FROM access_requests r WHERE ${where} ORDER BY ${order} LIMIT ${limit}) page
        JOIN decisions d ON d.request_id = page.id
        LEFT JOIN users a ON a.id = d.approver_id
       ORDER BY d.created_at`,
  ]);
  const byRequest = new Map<string, ExportDecision[]>();
  for (const d of decisions) {
    const entry: ExportDecision = { approver_id: d.approver_id, approver_upn: d.approver_upn, kind: d.kind, is_final: d.is_final, at: d.at };
    const list = byRequest.get(d.request_id);
    if (list) list.push(entry);
    else byRequest.set(d.request_id, [entry]);
  }
  // A fresh object literal per row (one hidden class, keys in CSV order) serialises faster than the driver's rows.
  return rows.map(
    (r): ExportRow => ({
      number: Number(r.number),
      id: r.id,
      status: r.status,
      submitted_at: r.submitted_at,
      target_id: r.target_id,
      target_name: r.target_name,
      requester_upn: r.requester_upn,
      requester_id: r.requester_id,
      requester_name: r.requester_name,
      duration_minutes: r.duration_minutes,
      justification: r.justification,
      ticket_number: r.ticket_number,
      ticket_system: r.ticket_system,
      decided_at: r.decided_at,
      activated_at: r.activated_at,
      expires_at: r.expires_at,
      ended_at: r.ended_at,
      failure_code: r.failure_code,
      failure_message: r.failure_message,
      decisions: byRequest.get(r.id) ?? [],
    }),
  );
}
