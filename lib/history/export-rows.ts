/**
 * The export's own read: the same filters, keyset and indexes as the history page (query.ts), but every column
 * comes back as text already in its output form (ISO-8601 UTC from PostgreSQL's to_char, numbers as digits), so
 * a million rows cost no Date objects or value conversions in Node — the database, on its own core, does that.
 */
import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import type { HistoryCursor } from "./cursor";
import type { HistoryFilters } from "./filters";
import { historyOrder, historyWhere, keysetBatches, resolveFilters, type ResolvedFilters } from "./query";

export interface ExportDecision {
  approverId: string;
  approverUpn: string;
  kind: string;
  isFinal: boolean;
  /** ISO-8601 UTC. */
  at: string;
}

/** One request as exported; timestamps are ISO-8601 UTC strings. */
export interface ExportRow {
  id: string;
  number: number;
  status: string;
  submittedAt: string;
  target: { id: string; displayName: string };
  requester: { id: string; upn: string; displayName: string };
  durationMinutes: number;
  justification: string;
  ticketNumber: string | null;
  ticketSystem: string | null;
  decidedAt: string | null;
  activatedAt: string | null;
  expiresAt: string | null;
  endedAt: string | null;
  failureCode: string | null;
  failureMessage: string | null;
  decisions: ExportDecision[];
}

interface RawExportRow {
  id: string;
  number: string;
  status: string;
  submitted_at: string;
  target_id: string;
  target_name: string | null;
  requester_id: string;
  requester_upn: string | null;
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
}

interface RawExportDecision {
  request_id: string;
  approver_id: string;
  approver_upn: string | null;
  kind: string;
  is_final: boolean;
  at: string;
}

const iso = (column: Prisma.Sql) => Prisma.sql`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

export async function* exportRowBatches(db: Db, filters: HistoryFilters, batchSize: number): AsyncGenerator<ExportRow[]> {
  const resolved = await resolveFilters(db, filters);
  if (!resolved) return;
  yield* keysetBatches(batchSize, (after) => readBatch(db, resolved, after, batchSize), (r) => ({ submittedAt: new Date(r.submittedAt), id: r.id }));
}

async function readBatch(db: Db, filters: ResolvedFilters, after: HistoryCursor | null, limit: number): Promise<ExportRow[]> {
  const order = historyOrder(filters);
  const rows = await db.$queryRaw<RawExportRow[]>`
    WITH page AS MATERIALIZED (
      SELECT r.id, r.number, r.status, r.submitted_at, r.target_id, r.requester_id, r.duration_minutes, r.justification, r.ticket_number,
             r.ticket_system, r.decided_at, r.activated_at, r.expires_at, r.ended_at, r.failure_code, r.failure_message
        FROM access_requests r
       WHERE ${historyWhere(filters, after)}
       ORDER BY ${order}
       LIMIT ${limit}
    )
    SELECT page.id::text AS id, page.number::text AS number, page.status::text AS status, ${iso(Prisma.sql`page.submitted_at`)} AS submitted_at,
           page.target_id, t.display_name AS target_name, page.requester_id, u.upn AS requester_upn, u.display_name AS requester_name,
           page.duration_minutes, page.justification, page.ticket_number, page.ticket_system,
           ${iso(Prisma.sql`page.decided_at`)} AS decided_at, ${iso(Prisma.sql`page.activated_at`)} AS activated_at,
           ${iso(Prisma.sql`page.expires_at`)} AS expires_at, ${iso(Prisma.sql`page.ended_at`)} AS ended_at,
           page.failure_code, page.failure_message
      FROM page
      LEFT JOIN targets t ON t.id = page.target_id
      LEFT JOIN users u ON u.id = page.requester_id
     ORDER BY ${order}`;
  const decisions = rows.length
    ? await db.$queryRaw<RawExportDecision[]>`
        SELECT d.request_id::text AS request_id, d.approver_id, a.upn AS approver_upn, d.kind::text AS kind, d.is_final,
               ${iso(Prisma.sql`d.created_at`)} AS at
          FROM decisions d LEFT JOIN users a ON a.id = d.approver_id
         WHERE d.request_id = ANY(${rows.map((r) => r.id)}::uuid[])
         ORDER BY d.created_at`
    : [];
  const byRequest = new Map<string, ExportDecision[]>();
  for (const d of decisions) {
    const entry = { approverId: d.approver_id, approverUpn: d.approver_upn ?? d.approver_id, kind: d.kind, isFinal: d.is_final, at: d.at };
    const list = byRequest.get(d.request_id);
    if (list) list.push(entry);
    else byRequest.set(d.request_id, [entry]);
  }
  return rows.map((r) => ({
    id: r.id,
    number: Number(r.number),
    status: r.status,
    submittedAt: r.submitted_at,
    target: { id: r.target_id, displayName: r.target_name ?? r.target_id },
    requester: { id: r.requester_id, upn: r.requester_upn ?? r.requester_id, displayName: r.requester_name ?? r.requester_id },
    durationMinutes: r.duration_minutes,
    justification: r.justification,
    ticketNumber: r.ticket_number,
    ticketSystem: r.ticket_system,
    decidedAt: r.decided_at,
    activatedAt: r.activated_at,
    expiresAt: r.expires_at,
    endedAt: r.ended_at,
    failureCode: r.failure_code,
    failureMessage: r.failure_message,
    decisions: byRequest.get(r.id) ?? [],
  }));
}
