/**
 * How seeded rows reach the database: PostgreSQL's COPY (fastest) or, where COPY FROM STDIN is not available
 * (PGlite's socket server does not speak the copy sub-protocol), INSERT … SELECT FROM unnest(…) with one array
 * per column. Both take rows as text values in PostgreSQL's input syntax.
 */
import type pg from "pg";
import type { ChainedSeedEvent } from "./chain";
import { copyField, copyIn } from "./copy-in";
import type { SeedDecisionRow, SeedLinkRow, SeedRequestRow } from "./requests";

type Text = string | null;

export interface TableSpec<Row> {
  table: string;
  /** [column, PostgreSQL type] */
  columns: readonly (readonly [string, string])[];
  values(row: Row): Text[];
  /**
   * The row as one COPY text line, written by hand per table: only free text can hold characters COPY must
   * escape (ids, timestamps, enums and numbers cannot), so only free text goes through `copyField`.
   */
  copyLine(row: Row): string;
}

const iso = (d: Date | null): Text => (d ? d.toISOString() : null);
const N = "\\N";
const isoOrNull = (d: Date | null): string => (d ? d.toISOString() : N);
const textOrNull = (v: string | null): string => (v === null ? N : copyField(v));
const bool = (b: boolean): string => (b ? "t" : "f");

export const requestTable: TableSpec<SeedRequestRow> = {
  table: "access_requests",
  columns: [
    ["id", "uuid"], ["target_id", "text"], ["requester_id", "text"], ["status", "request_status"], ["version", "int"],
    ["justification", "text"], ["ticket_number", "text"], ["ticket_system", "text"], ["duration_minutes", "int"], ["quorum", "int"],
    ["pim_request_id", "text"], ["pim_approval_id", "text"], ["pim_status", "text"], ["failure_code", "text"], ["failure_message", "text"],
    ["submitted_at", "timestamptz"], ["approval_expires_at", "timestamptz"], ["decided_at", "timestamptz"], ["activated_at", "timestamptz"],
    ["expires_at", "timestamptz"], ["ended_at", "timestamptz"], ["revoke_sessions_on_end", "boolean"], ["updated_at", "timestamptz"],
  ],
  values: (r) => [
    r.id, r.targetId, r.requesterId, r.status, String(r.version), r.justification, r.ticketNumber, r.ticketSystem, String(r.durationMinutes),
    String(r.quorum), r.pimRequestId, r.pimRequestId, r.pimStatus, r.failureCode, r.failureMessage, iso(r.submittedAt), iso(r.approvalExpiresAt),
    iso(r.decidedAt), iso(r.activatedAt), iso(r.expiresAt), iso(r.endedAt), bool(r.revokeSessionsOnEnd), iso(r.updatedAt),
  ],
  copyLine: (r) =>
    `${r.id}\t${r.targetId}\t${r.requesterId}\t${r.status}\t${r.version}\t${copyField(r.justification)}\t${textOrNull(r.ticketNumber)}\t` +
    `${textOrNull(r.ticketSystem)}\t${r.durationMinutes}\t${r.quorum}\t${textOrNull(r.pimRequestId)}\t${textOrNull(r.pimRequestId)}\t` +
    `${textOrNull(r.pimStatus)}\t${textOrNull(r.failureCode)}\t${textOrNull(r.failureMessage)}\t${r.submittedAt.toISOString()}\t` +
    `${isoOrNull(r.approvalExpiresAt)}\t${isoOrNull(r.decidedAt)}\t${isoOrNull(r.activatedAt)}\t${isoOrNull(r.expiresAt)}\t` +
    `${isoOrNull(r.endedAt)}\t${bool(r.revokeSessionsOnEnd)}\t${r.updatedAt.toISOString()}\n`,
};

export const decisionTable: TableSpec<SeedDecisionRow> = {
  table: "decisions",
  columns: [["id", "uuid"], ["request_id", "uuid"], ["approver_id", "text"], ["kind", "decision_kind"], ["reason", "text"], ["is_final", "boolean"], ["created_at", "timestamptz"]],
  values: (d) => [d.id, d.requestId, d.approverId, d.kind, d.reason, bool(d.isFinal), iso(d.createdAt)],
  copyLine: (d) => `${d.id}\t${d.requestId}\t${d.approverId}\t${d.kind}\t${copyField(d.reason)}\t${bool(d.isFinal)}\t${d.createdAt.toISOString()}\n`,
};

export const linkTable: TableSpec<SeedLinkRow> = {
  table: "approval_links",
  columns: [
    ["id", "uuid"], ["request_id", "uuid"], ["approver_id", "text"], ["approver_email", "text"], ["token_hash", "text"],
    ["expires_at", "timestamptz"], ["used_at", "timestamptz"], ["created_at", "timestamptz"],
  ],
  values: (l) => [l.id, l.requestId, l.approverId, l.approverEmail, l.tokenHash, iso(l.expiresAt), iso(l.usedAt), iso(l.createdAt)],
  copyLine: (l) =>
    `${l.id}\t${l.requestId}\t${l.approverId}\t${copyField(l.approverEmail)}\t${l.tokenHash}\t${l.expiresAt.toISOString()}\t` +
    `${isoOrNull(l.usedAt)}\t${l.createdAt.toISOString()}\n`,
};

export const eventTable: TableSpec<ChainedSeedEvent> = {
  table: "audit_events",
  columns: [
    ["seq", "bigint"], ["id", "uuid"], ["at", "timestamptz"], ["actor_id", "text"], ["actor_type", "text"], ["actor_name", "text"],
    ["action", "text"], ["request_id", "uuid"], ["data", "jsonb"], ["ip", "text"], ["user_agent", "text"], ["prev_hash", "text"], ["hash", "text"],
  ],
  values: (e) => [
    e.seq.toString(), e.id, e.atIso, e.actorId, e.actorType, e.actorName, e.action, e.requestId, e.dataJson, e.ip, e.userAgent,
    e.prevHash, e.hash,
  ],
  copyLine: (e) =>
    `${e.seq}\t${e.id}\t${e.atIso}\t${textOrNull(e.actorId)}\t${e.actorType}\t${textOrNull(e.actorName)}\t${e.action}\t` +
    `${e.requestId ?? N}\t${copyField(e.dataJson)}\t${textOrNull(e.ip)}\t${textOrNull(e.userAgent)}\t${e.prevHash}\t${e.hash}\n`,
};

export type WriteMethod = "copy" | "insert";

/** Queues the rows on the connection; the promise settles when the database has them (inside the open transaction). */
export function writeRows<Row>(client: pg.Client, method: WriteMethod, spec: TableSpec<Row>, rows: readonly Row[]): Promise<void> {
  if (rows.length === 0) return Promise.resolve();
  const names = spec.columns.map(([c]) => `"${c}"`).join(", ");
  if (method === "copy") {
    const lines: string[] = new Array<string>(rows.length);
    for (let i = 0; i < rows.length; i++) lines[i] = spec.copyLine(rows[i] as Row);
    return copyIn(client, `COPY "${spec.table}" (${names}) FROM STDIN`, lines.join(""));
  }
  const arrays: Text[][] = spec.columns.map(() => []);
  for (const row of rows) spec.values(row).forEach((v, i) => arrays[i]?.push(v));
  const unnest = spec.columns.map(([, type], i) => `$${i + 1}::${type}[]`).join(", ");
  return client.query(`INSERT INTO "${spec.table}" (${names}) SELECT * FROM unnest(${unnest})`, arrays).then(() => undefined);
}
