/**
 * The audit hash chain. Each event's hash covers the previous hash and a canonical encoding of the event,
 * so changing, removing or reordering any stored event breaks every hash after it:
 *
 *   hash = sha256_hex(prevHash + "\n" + canonical(event)),   genesis prevHash = 64 zeros
 *
 * The canonical form must be reproducible from the database row alone: JSON with object keys sorted, no
 * whitespace, timestamps as ISO-8601 UTC with milliseconds (the column precision), absent values as null.
 */
import { createHash } from "node:crypto";

export const GENESIS_HASH = "0".repeat(64);

/** The hashed fields of one event, exactly as stored. */
export interface ChainedEvent {
  seq: bigint;
  id: string;
  at: Date;
  actorType: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  requestId: string | null;
  data: unknown;
  ip: string | null;
  userAgent: string | null;
}

/** Sorted-key, whitespace-free JSON. Dates become ISO strings; bigints decimal strings; undefined keys vanish. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (typeof value === "bigint") return JSON.stringify(value.toString());
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new TypeError("audit data cannot contain non-finite numbers");
    return JSON.stringify(value);
  }
  if (typeof value === "string" || typeof value === "boolean") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(",")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  throw new TypeError(`cannot encode ${typeof value} in an audit event`);
}

export function canonicalEvent(e: ChainedEvent): string {
  return canonicalJson({
    seq: e.seq,
    id: e.id,
    at: e.at,
    actor: { type: e.actorType, id: e.actorId, name: e.actorName },
    action: e.action,
    requestId: e.requestId,
    data: e.data ?? {},
    ip: e.ip,
    userAgent: e.userAgent,
  });
}

export function chainHash(prevHash: string, e: ChainedEvent): string {
  return createHash("sha256").update(`${prevHash}\n${canonicalEvent(e)}`, "utf8").digest("hex");
}
