/**
 * Request history for auditors: every request, filtered and in submission order, one keyset page at a time.
 *
 * Keyset, not OFFSET: a page deep in a million rows costs the same as the first, and rows arriving meanwhile do
 * not shift the pages. The order is (submitted_at DESC, id ASC) — or exactly its reverse — because that is the
 * key order of access_requests_submitted_at_id_idx, which PostgreSQL can then read forwards or backwards and
 * stop after one page. Each filter has an index behind it (see prisma/migrations/0003_history_search).
 *
 * The page is cut in a MATERIALIZED CTE before users and targets are joined, so those lookups run for the rows
 * shown, never for every row that matched; the page's decisions come in one second query.
 */
import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/generated/prisma/client";
import type { RequestState } from "@/lib/requests/state-machine";
import { decodeCursor, encodeCursor, type HistoryCursor } from "./cursor";
import type { HistoryFilters } from "./filters";

export const HISTORY_PAGE_SIZE = 50;

export interface HistoryDecision {
  approverId: string;
  approverUpn: string;
  kind: "approve" | "deny";
  isFinal: boolean;
  at: Date;
}

export interface HistoryRow {
  id: string;
  number: number;
  status: RequestState;
  submittedAt: Date;
  target: { id: string; displayName: string };
  requester: { id: string; upn: string; displayName: string };
  durationMinutes: number;
  justification: string;
  ticketNumber: string | null;
  ticketSystem: string | null;
  decidedAt: Date | null;
  activatedAt: Date | null;
  expiresAt: Date | null;
  endedAt: Date | null;
  failureCode: string | null;
  failureMessage: string | null;
  decisions: HistoryDecision[];
}

export interface HistoryPage {
  rows: HistoryRow[];
  /** Cursor of the next page; absent on the last page. */
  nextCursor?: string;
}

interface RawRow {
  id: string;
  number: bigint;
  status: RequestState;
  submitted_at: Date;
  target_id: string;
  target_name: string | null;
  requester_id: string;
  requester_upn: string | null;
  requester_name: string | null;
  duration_minutes: number;
  justification: string;
  ticket_number: string | null;
  ticket_system: string | null;
  decided_at: Date | null;
  activated_at: Date | null;
  expires_at: Date | null;
  ended_at: Date | null;
  failure_code: string | null;
  failure_message: string | null;
}

interface RawDecision {
  request_id: string;
  approver_id: string;
  approver_upn: string | null;
  kind: "approve" | "deny";
  is_final: boolean;
  created_at: Date;
}

/** Page `cursor` (from a previous page's `nextCursor`) of the history matching `filters`. */
export async function queryHistory(db: Db, filters: HistoryFilters, options: { cursor?: string; limit?: number } = {}): Promise<HistoryPage> {
  const limit = Math.min(Math.max(options.limit ?? HISTORY_PAGE_SIZE, 1), 5000);
  const after = options.cursor ? decodeCursor(options.cursor) : null;
  if (options.cursor && !after) throw new RangeError("not a history cursor");
  const resolved = await resolveFilters(db, filters);
  const rows = resolved ? await fetchRows(db, resolved, after, limit + 1) : [];
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { rows: page, ...(rows.length > limit && last ? { nextCursor: encodeCursor({ submittedAt: last.submittedAt, id: last.id }) } : {}) };
}

/**
 * Every matching row, in order, `batchSize` at a time. The next batch is read while the caller works on the
 * current one, so memory holds two batches at most.
 */
export async function* historyBatches(db: Db, filters: HistoryFilters, batchSize = 1000): AsyncGenerator<HistoryRow[]> {
  const resolved = await resolveFilters(db, filters);
  if (!resolved) return;
  yield* keysetBatches(
    batchSize,
    (after) => fetchRows(db, resolved, after, batchSize),
    (rows) => {
      const last = rows[rows.length - 1];
      return { rows: rows.length, last: last ? { submittedAt: last.submittedAt, id: last.id } : null };
    },
  );
}

/**
 * Keyset batches of any shape (rows, or text already formatted from them), reading one batch ahead. `measure`
 * says how many requests a batch holds and the key of its last one; a batch of fewer than `batchSize` is the last.
 */
export async function* keysetBatches<Batch>(
  batchSize: number,
  read: (after: HistoryCursor | null) => Promise<Batch>,
  measure: (batch: Batch) => { rows: number; last: HistoryCursor | null },
): AsyncGenerator<Batch> {
  let pending: Promise<Batch> | null = read(null);
  while (pending) {
    const batch: Batch = await pending;
    const { rows, last } = measure(batch);
    pending = rows === batchSize && last ? read(last) : null;
    // If the caller stops early, this read finishes unobserved; its failure must not count as unhandled.
    pending?.catch(() => {});
    if (rows) yield batch;
  }
}

/** Filters with the people they name resolved to object ids (once, not per batch). */
export interface ResolvedFilters extends HistoryFilters {
  requesterIds?: string[];
  approverIds?: string[];
}

/** Null when a filter names nobody (no such requester or approver): nothing can match. */
export async function resolveFilters(db: Db, f: HistoryFilters): Promise<ResolvedFilters | null> {
  const requesterIds = f.requester ? await userIds(db, f.requester) : undefined;
  const approverIds = f.approver ? await userIds(db, f.approver) : undefined;
  if (requesterIds?.length === 0 || approverIds?.length === 0) return null;
  return { ...f, requesterIds, approverIds };
}

/** ORDER BY for the keyset: exactly the key order of access_requests_submitted_at_id_idx, or its reverse. */
export function historyOrder(f: HistoryFilters, qualifier: Prisma.Sql = Prisma.empty): Prisma.Sql {
  return keyOrder(f, { submittedAt: Prisma.sql`${qualifier}submitted_at`, id: Prisma.sql`${qualifier}id` });
}

/** ORDER BY for a page read from historyFrom: in the order of the index it walks. */
export function historyPageOrder(f: ResolvedFilters): Prisma.Sql {
  return keyOrder(f, walkedKey(f));
}

function keyOrder(f: HistoryFilters, key: PageKey): Prisma.Sql {
  return f.sort === "asc" ? Prisma.sql`${key.submittedAt} ASC, ${key.id} DESC` : Prisma.sql`${key.submittedAt} DESC, ${key.id} ASC`;
}

async function fetchRows(db: Db, filters: ResolvedFilters, after: HistoryCursor | null, limit: number): Promise<HistoryRow[]> {
  const where = historyWhere(filters, after);
  const order = historyOrder(filters);
  const rows = await db.$queryRaw<RawRow[]>`
    WITH page AS MATERIALIZED (
      SELECT r.id, r.number, r.status::text AS status, r.submitted_at, r.target_id, r.requester_id, r.duration_minutes, r.justification,
             r.ticket_number, r.ticket_system, r.decided_at, r.activated_at, r.expires_at, r.ended_at, r.failure_code, r.failure_message
        FROM ${historyFrom(filters)}
       WHERE ${where}
       ORDER BY ${historyPageOrder(filters)}
       LIMIT ${limit}
    )
    SELECT page.*, t.display_name AS target_name, u.upn AS requester_upn, u.display_name AS requester_name
      FROM page
      LEFT JOIN targets t ON t.id = page.target_id
      LEFT JOIN users u ON u.id = page.requester_id
     ORDER BY ${order}`;
  // Decisions of the whole page in one indexed lookup (decisions_request_id_approver_id_key): a correlated
  // subquery per row costs several times more.
  const decisions = rows.length
    ? await db.$queryRaw<RawDecision[]>`
        SELECT d.request_id, d.approver_id, a.upn AS approver_upn, d.kind::text AS kind, d.is_final, d.created_at
          FROM decisions d LEFT JOIN users a ON a.id = d.approver_id
         WHERE d.request_id = ANY(${rows.map((r) => r.id)}::uuid[])
         ORDER BY d.created_at`
    : [];
  const byRequest = new Map<string, HistoryDecision[]>();
  for (const d of decisions) {
    const list = byRequest.get(d.request_id) ?? [];
    list.push({ approverId: d.approver_id, approverUpn: d.approver_upn ?? d.approver_id, kind: d.kind, isFinal: d.is_final, at: d.created_at });
    byRequest.set(d.request_id, list);
  }
  return rows.map((r) => toRow(r, byRequest.get(r.id) ?? []));
}

/**
 * What the history pages through (aliased `r`, plus `ad` for one approver). Naming one approver turns the filter
 * into a join that reads that approver's decisions in page order from
 * decisions_approver_id_request_submitted_at_request_id_idx (migration 0008) and stops when the page is full,
 * however sparse their decisions are among recent requests. Such a page is ordered by the decision's copy of the
 * key (historyPageOrder), which is the request's own: joining on both columns instead made PostgreSQL multiply two
 * selectivities, expect one row and plan a parallel scan (390 ms p95 at 1M requests). Several approver ids (rare: a
 * UPN is one person) keep the EXISTS test over all requests.
 */
export function historyFrom(f: ResolvedFilters): Prisma.Sql {
  return oneApprover(f) !== undefined ? Prisma.sql`decisions ad JOIN access_requests r ON r.id = ad.request_id` : Prisma.sql`access_requests r`;
}

interface PageKey {
  submittedAt: Prisma.Sql;
  id: Prisma.Sql;
}

/** The columns of the keyset in the index historyFrom walks. */
function walkedKey(f: ResolvedFilters): PageKey {
  return oneApprover(f) !== undefined
    ? { submittedAt: Prisma.sql`ad.request_submitted_at`, id: Prisma.sql`ad.request_id` }
    : { submittedAt: Prisma.sql`r.submitted_at`, id: Prisma.sql`r.id` };
}

function oneApprover(f: ResolvedFilters): string | undefined {
  return f.approverIds?.length === 1 ? f.approverIds[0] : undefined;
}

/** The WHERE clause over historyFrom's rows for the filters, starting after the keyset cursor. */
export function historyWhere(f: ResolvedFilters, after: HistoryCursor | null): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  const approver = oneApprover(f);
  // Date and keyset conditions are on the walked index's columns, so its range starts and ends where they say.
  const key = walkedKey(f);
  if (f.requesterIds) parts.push(Prisma.sql`r.requester_id = ANY(${f.requesterIds}::text[])`);
  if (approver !== undefined) parts.push(Prisma.sql`ad.approver_id = ${approver}`);
  else if (f.approverIds) {
    parts.push(Prisma.sql`EXISTS (SELECT 1 FROM decisions d WHERE d.request_id = r.id AND d.approver_id = ANY(${f.approverIds}::text[]))`);
  }
  if (f.target) parts.push(Prisma.sql`r.target_id = ${f.target}`);
  if (f.status.length) parts.push(Prisma.sql`r.status = ANY(${f.status}::request_status[])`);
  if (f.from) parts.push(Prisma.sql`${key.submittedAt} >= ${`${f.from}T00:00:00Z`}::timestamptz`);
  if (f.to) parts.push(Prisma.sql`${key.submittedAt} < ${dayAfter(f.to)}::timestamptz`);
  if (f.q) {
    const pattern = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    parts.push(Prisma.sql`(r.justification ILIKE ${pattern} OR r.ticket_number ILIKE ${pattern})`);
  }
  if (after) {
    const t = after.submittedAt.toISOString();
    const { submittedAt: at, id } = key;
    // The redundant first comparison lets the index range start at the cursor instead of filtering up to it.
    parts.push(
      f.sort === "asc"
        ? Prisma.sql`${at} >= ${t}::timestamptz AND (${at} > ${t}::timestamptz OR ${id} < ${after.id}::uuid)`
        : Prisma.sql`${at} <= ${t}::timestamptz AND (${at} < ${t}::timestamptz OR ${id} > ${after.id}::uuid)`,
    );
  }
  return parts.length ? Prisma.join(parts, " AND ") : Prisma.sql`TRUE`;
}

/** Midnight UTC after `day` (YYYY-MM-DD): `to` includes its whole day. */
function dayAfter(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 24 * 60 * 60 * 1000).toISOString();
}

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A person by object id or by UPN (UPNs are case-insensitive in Entra). */
async function userIds(db: Db, who: string): Promise<string[]> {
  const rows = guid.test(who)
    ? await db.$queryRaw<{ id: string }[]>`SELECT id FROM users WHERE lower(id) = lower(${who})`
    : await db.$queryRaw<{ id: string }[]>`SELECT id FROM users WHERE lower(upn) = lower(${who})`;
  return rows.map((r) => r.id);
}

function toRow(r: RawRow, decisions: HistoryDecision[]): HistoryRow {
  return {
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
    decisions,
  };
}
