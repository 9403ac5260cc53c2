/**
 * How seeded rows reach the database: PostgreSQL's binary COPY (fastest), or, where COPY FROM STDIN is not
 * available (PGlite's socket server does not speak the copy sub-protocol), INSERT … SELECT FROM unnest(…) with
 * one text array per column. Each table lists its columns once; `binary` writes a row's fields in that order
 (audit events: chain.ts).
 */
import type pg from "pg";
import type { BinaryCopyWriter } from "./binary-copy";
import type { ChainedSeedEvent } from "./chain";
import { copyIn } from "./copy-in";
import { isoUtc } from "./iso";
import type { SeedDecisionRow, SeedLinkRow, SeedRequestRow } from "./requests";

type Text = string | null;

export interface TableSpec<Row> {
  table: string;
  /** [column, PostgreSQL type] */
  columns: readonly (readonly [string, string])[];
  /** The row's fields in column order, for INSERT … unnest (PostgreSQL's text input syntax). */
  values(row: Row): Text[];
}

/** A table whose rows the generator writes in binary COPY format itself. */
export interface BinaryTableSpec<Row> extends TableSpec<Row> {
  /** The row in binary COPY format, fields in column order. */
  binary(w: BinaryCopyWriter, row: Row): void;
}

const iso = (ms: number | null): Text => (ms === null ? null : isoUtc(ms));
const bool = (b: boolean): string => (b ? "t" : "f");

export const requestTable: BinaryTableSpec<SeedRequestRow> = {
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
  binary: (w, r) => {
    w.row(23).uuid(r.id).text(r.targetId).text(r.requesterId).text(r.status).int4(r.version).text(r.justification)
      .textOrNull(r.ticketNumber).textOrNull(r.ticketSystem).int4(r.durationMinutes).int4(r.quorum)
      .textOrNull(r.pimRequestId).textOrNull(r.pimRequestId).textOrNull(r.pimStatus).textOrNull(r.failureCode).textOrNull(r.failureMessage)
      .timestamp(r.submittedAt).timestampOrNull(r.approvalExpiresAt).timestampOrNull(r.decidedAt).timestampOrNull(r.activatedAt)
      .timestampOrNull(r.expiresAt).timestampOrNull(r.endedAt).bool(r.revokeSessionsOnEnd).timestamp(r.updatedAt);
  },
};

export const decisionTable: BinaryTableSpec<SeedDecisionRow> = {
  table: "decisions",
  columns: [
    ["id", "uuid"], ["request_id", "uuid"], ["request_submitted_at", "timestamptz"], ["approver_id", "text"], ["kind", "decision_kind"],
    ["reason", "text"], ["is_final", "boolean"], ["created_at", "timestamptz"],
  ],
  values: (d) => [d.id, d.requestId, iso(d.requestSubmittedAt), d.approverId, d.kind, d.reason, bool(d.isFinal), iso(d.createdAt)],
  binary: (w, d) => {
    w.row(8).uuid(d.id).uuid(d.requestId).timestamp(d.requestSubmittedAt).text(d.approverId).text(d.kind).text(d.reason).bool(d.isFinal).timestamp(d.createdAt);
  },
};

export const linkTable: BinaryTableSpec<SeedLinkRow> = {
  table: "approval_links",
  columns: [
    ["id", "uuid"], ["request_id", "uuid"], ["approver_id", "text"], ["approver_email", "text"], ["token_hash", "text"],
    ["expires_at", "timestamptz"], ["used_at", "timestamptz"], ["created_at", "timestamptz"],
  ],
  values: (l) => [l.id, l.requestId, l.approverId, l.approverEmail, l.tokenHash, iso(l.expiresAt), iso(l.usedAt), iso(l.createdAt)],
  binary: (w, l) => {
    w.row(8).uuid(l.id).uuid(l.requestId).text(l.approverId).text(l.approverEmail).text(l.tokenHash)
      .timestamp(l.expiresAt).timestampOrNull(l.usedAt).timestamp(l.createdAt);
  },
};

/** Its binary COPY rows are written by SeedChain.appendBinary (chain.ts), from the bytes it hashed, in these columns. */
export const eventTable: TableSpec<ChainedSeedEvent> = {
  table: "audit_events",
  columns: [
    ["seq", "bigint"], ["id", "uuid"], ["at", "timestamptz"], ["actor_id", "text"], ["actor_type", "text"], ["actor_name", "text"],
    ["action", "text"], ["request_id", "uuid"], ["data", "json"], ["ip", "text"], ["user_agent", "text"], ["prev_hash", "text"], ["hash", "text"],
  ],
  values: ({ event: e, ...c }) => [
    String(c.seq), c.id, isoUtc(e.at), e.actor.id, e.actor.type, e.actor.name, e.action, e.request.id, c.dataJson, e.actor.ip, e.actor.userAgent, c.prevHash, c.hash,
  ],
};

export type WriteMethod = "copy" | "insert";

/** `COPY <table> (<columns>) FROM STDIN WITH (FORMAT binary)` of a stream from BinaryCopyWriter. */
export function copyBinary<Row>(client: pg.Client, spec: TableSpec<Row>, payload: Uint8Array): Promise<void> {
  return copyIn(client, `COPY "${spec.table}" (${columnList(spec)}) FROM STDIN WITH (FORMAT binary)`, payload);
}

/** The rows as one INSERT … SELECT FROM unnest(…) (for PGlite). */
export function insertRows<Row>(client: pg.Client, spec: TableSpec<Row>, rows: readonly Row[]): Promise<void> {
  if (rows.length === 0) return Promise.resolve();
  const arrays: Text[][] = spec.columns.map(() => []);
  for (const row of rows) spec.values(row).forEach((v, i) => arrays[i]?.push(v));
  const unnest = spec.columns.map(([, type], i) => `$${i + 1}::${type}[]`).join(", ");
  return client.query(`INSERT INTO "${spec.table}" (${columnList(spec)}) SELECT * FROM unnest(${unnest})`, arrays).then(() => undefined);
}

function columnList<Row>(spec: TableSpec<Row>): string {
  return spec.columns.map(([c]) => `"${c}"`).join(", ");
}
