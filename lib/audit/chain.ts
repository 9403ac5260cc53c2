/**
 * The audit hash chain. Each event's hash covers the previous hash and a canonical encoding of the event,
 * so changing, removing or reordering any stored event breaks every hash after it:
 *
 *   hash = sha256_hex(prevHash + "\n" + canonical(event)),   genesis prevHash = 64 zeros
 *
 * The canonical form must be reproducible from the database row alone: JSON with object keys sorted, no
 * whitespace, timestamps as ISO-8601 UTC with milliseconds (the column precision), absent values as null.
 * `data` is stored as exactly the canonical JSON that was hashed (migration 0006), so a verifier can hash the
 * stored text as it is.
 *
 * Two encoders write the same bytes: `canonicalEvent` is the reference (generic, short, obviously right);
 * `canonicalEventWithData` + `canonicalValue` are the fast path used to append, seed and verify, about three
 * times faster because the event's top-level keys are known. tests/integration/audit/fast-chain-hash.test.ts
 * checks that they agree on random events.
 */
import { createHash, hash as sha256Once } from "node:crypto";

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

// ---- fast encoding ------------------------------------------------------------------------------------------

/** `chainHash`, byte for byte, for well-formed events (anything unusual takes the reference encoder). */
export function fastChainHash(prevHash: string, e: ChainedEvent): string {
  return sha256Once("sha256", `${prevHash}\n${fastCanonicalEvent(e)}`, "hex");
}

/** The hash of an event whose `data` is already encoded (`dataJson` = `canonicalValue(data)`). */
export function hashWithData(prevHash: string, e: EventFields, dataJson: string): string {
  return sha256Once("sha256", `${prevHash}\n${canonicalEventWithData(e, dataJson)}`, "hex");
}

export function fastCanonicalEvent(e: ChainedEvent): string {
  if (!(e.at instanceof Date) || typeof e.seq !== "bigint" || typeof e.actorType !== "string" || typeof e.action !== "string" || typeof e.id !== "string") {
    return canonicalEvent(e);
  }
  if (e.actorId === undefined || e.actorName === undefined || e.requestId === undefined || e.ip === undefined || e.userAgent === undefined) {
    return canonicalEvent(e);
  }
  return canonicalEventWithData(e, canonicalValue(e.data ?? {}));
}

/** An event's fields other than `data`; `at` as a Date or as its ISO-8601 UTC text, `seq` as a bigint or its decimal text. */
export interface EventFields {
  seq: bigint | string;
  id: string;
  at: Date | string;
  actorType: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  requestId: string | null;
  ip: string | null;
  userAgent: string | null;
}

/** The canonical event around an already canonical `data` JSON. */
export function canonicalEventWithData(e: EventFields, dataJson: string): string {
  return canonicalEventFromJson({
    action: JSON.stringify(e.action),
    actorId: nullableString(e.actorId),
    actorName: nullableString(e.actorName),
    actorType: JSON.stringify(e.actorType),
    at: `"${typeof e.at === "string" ? e.at : e.at.toISOString()}"`,
    data: dataJson,
    id: JSON.stringify(e.id),
    ip: nullableString(e.ip),
    requestId: nullableString(e.requestId),
    seq: `"${e.seq.toString()}"`,
    userAgent: nullableString(e.userAgent),
  });
}

/** Every field of an event as JSON text: `"…"` for a string (seq and at included), `null` for none. */
export interface EventJson {
  action: string;
  actorId: string;
  actorName: string;
  actorType: string;
  at: string;
  data: string;
  id: string;
  ip: string;
  requestId: string;
  seq: string;
  userAgent: string;
}

/**
 * The one place the canonical layout is written out: keys in the sorted order `canonicalEvent` produces —
 * action, actor{id,name,type}, at, data, id, ip, requestId, seq, userAgent. Callers that encode the same actor
 * or request many times (the history seeder) pass their encodings in and skip re-encoding them.
 */
export function canonicalEventFromJson(j: EventJson): string {
  return (
    `{"action":${j.action},"actor":{"id":${j.actorId},"name":${j.actorName},"type":${j.actorType}},"at":${j.at},"data":${j.data},` +
    `"id":${j.id},"ip":${j.ip},"requestId":${j.requestId},"seq":${j.seq},"userAgent":${j.userAgent}}`
  );
}

export function nullableString(value: string | null): string {
  return value === null ? "null" : JSON.stringify(value);
}

/** `canonicalJson` for JSON values (and Dates and bigints, as there), without the generic path's allocations. */
export function canonicalValue(value: unknown): string {
  if (value === null || value === undefined) return "null";
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "boolean":
      return value ? "true" : "false";
    case "number":
      if (!Number.isFinite(value)) throw new TypeError("audit data cannot contain non-finite numbers");
      return Number.isInteger(value) && Math.abs(value) < 1e21 ? `${value}` : JSON.stringify(value);
    case "bigint":
      return `"${value.toString()}"`;
    case "object": {
      if (value instanceof Date) return JSON.stringify(value.toISOString());
      if (Array.isArray(value)) {
        let out = "[";
        for (let i = 0; i < value.length; i++) out += (i ? "," : "") + canonicalValue(value[i]);
        return `${out}]`;
      }
      const record = value as Record<string, unknown>;
      // Default sort compares UTF-16 code units, as canonicalJson's comparator does; keys are unique, so no ties.
      // Objects built with their keys in order (most of them, in practice) skip the sort.
      const keys = Object.keys(record);
      for (let i = 1; i < keys.length; i++) {
        if ((keys[i - 1] as string) > (keys[i] as string)) {
          keys.sort();
          break;
        }
      }
      let out = "{";
      let isFirst = true;
      for (const key of keys) {
        const v = record[key];
        if (v === undefined) continue;
        out += `${isFirst ? "" : ","}${quotedKey(key)}:${canonicalValue(v)}`;
        isFirst = false;
      }
      return `${out}}`;
    }
    default:
      throw new TypeError(`cannot encode ${typeof value} in an audit event`);
  }
}

/** Audit data has a small vocabulary of keys (lib/audit/events.ts): their JSON is remembered, up to a bound. */
const keyJson = new Map<string, string>();

function quotedKey(key: string): string {
  let json = keyJson.get(key);
  if (json === undefined) {
    json = JSON.stringify(key);
    if (keyJson.size < 4096) keyJson.set(key, json);
  }
  return json;
}
