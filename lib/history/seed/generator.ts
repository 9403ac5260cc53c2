/**
 * The seeded history, batch by batch: requests in submission order with their decisions and approval links, and
 * the audit events that became due up to the last submission so far, chained in time order. Events due later
 * (a request's expiry hours after it was submitted) wait until the submissions reach their time, so the chain is
 * in time order throughout. Pure computation: no database, so it can run in a worker thread.
 *
 * In binary format every row is encoded the moment it exists and only the COPY streams are kept: a batch's row
 * objects never live long enough to leave the young generation, which keeps garbage collection cheap.
 */
import { SeedChain, type ChainedSeedEvent, type ChainHead } from "./chain";
import { BinaryCopyWriter } from "./binary-copy";
import { createCast, type SeedCast } from "./people";
import { createRandom } from "./random";
import { requestFactory, type SeedDecisionRow, type SeedEvent, type SeedLinkRow, type SeedRequestRow } from "./requests";
import { decisionTable, linkTable, requestTable } from "./tables";

export type BatchFormat = "binary" | "rows";

export interface GeneratorOptions {
  requests: number;
  batchSize: number;
  seed: number;
  /** Unix ms: things due later have not happened yet. */
  now: number;
  /** Unix ms: the first submission; submissions are spread evenly over `spanMs`. */
  from: number;
  spanMs: number;
  head: ChainHead;
  /** binary: COPY streams per table (PostgreSQL); rows: row objects (INSERT … unnest, for PGlite). */
  format: BatchFormat;
}

export interface BatchRows {
  requests: SeedRequestRow[];
  decisions: SeedDecisionRow[];
  links: SeedLinkRow[];
  events: ChainedSeedEvent[];
}

export type BatchBinary = Record<keyof BatchRows, Uint8Array>;

export interface GeneratedBatch {
  counts: Record<keyof BatchRows, number>;
  /** The chain's head after this batch's events. */
  head: ChainHead;
  binary?: BatchBinary;
  rows?: BatchRows;
}

/** Where one batch's rows go: straight into COPY streams, or into arrays. */
interface Sink {
  request(r: SeedRequestRow): void;
  decision(d: SeedDecisionRow): void;
  link(l: SeedLinkRow): void;
  /** Chains the event and keeps its row. */
  event(e: SeedEvent): void;
  finish(): Pick<GeneratedBatch, "binary" | "rows">;
}

/**
 * Requests are made a chunk at a time and each chunk's due events are chained right away, so few objects are alive
 * at any moment (the young generation's collections stay cheap); a batch — one COPY per table — holds many chunks.
 */
const CHUNK = 100;

export function* generateHistory(o: GeneratorOptions, cast: SeedCast = createCast()): Generator<GeneratedBatch> {
  const factory = requestFactory(cast, createRandom(o.seed), new Date(o.now));
  const chain = new SeedChain(o.head);
  let pending: SeedEvent[] = [];
  for (let first = 0; first < o.requests; first += o.batchSize) {
    const size = Math.min(o.batchSize, o.requests - first);
    const sink = o.format === "binary" ? binarySink(size, chain) : rowSink(chain);
    const counts = { requests: size, decisions: 0, links: 0, events: 0 };
    for (let i = 0; i < size; ) {
      const end = Math.min(size, i + CHUNK);
      let lastSubmitted = 0;
      for (; i < end; i++) {
        // Evenly spread, jittered, in submission order.
        const submittedAt = Math.floor(o.from + ((first + i + factory.jitter()) * o.spanMs) / o.requests);
        const r = factory.create(submittedAt);
        sink.request(r.request);
        for (const d of r.decisions) sink.decision(d);
        for (const l of r.links) sink.link(l);
        for (const e of r.events) pending.push(e);
        counts.decisions += r.decisions.length;
        counts.links += r.links.length;
        lastSubmitted = submittedAt;
      }
      // Events up to the last submission so far are due; later ones wait, so the chain stays in time order.
      const windowEnd = first + i >= o.requests ? Number.POSITIVE_INFINITY : lastSubmitted;
      const due: SeedEvent[] = [];
      const later: SeedEvent[] = [];
      for (const e of pending) (e.at <= windowEnd ? due : later).push(e);
      pending = later;
      due.sort((a, b) => a.at - b.at); // stable: a request's simultaneous events keep their order
      for (const e of due) sink.event(e);
      counts.events += due.length;
    }
    yield { counts, head: chain.head, ...sink.finish() };
  }
}

function binarySink(requests: number, chain: SeedChain): Sink {
  // Starting sizes from the average row sizes; the writers grow if a batch needs more.
  const w = {
    requests: new BinaryCopyWriter(Math.max(1 << 16, requests * 400)),
    decisions: new BinaryCopyWriter(Math.max(1 << 16, requests * 150)),
    links: new BinaryCopyWriter(Math.max(1 << 16, requests * 450)),
    events: new BinaryCopyWriter(Math.max(1 << 16, requests * 4500)),
  };
  return {
    request: (r) => requestTable.binary(w.requests, r),
    decision: (d) => decisionTable.binary(w.decisions, d),
    link: (l) => linkTable.binary(w.links, l),
    event: (e) => chain.appendBinary(e, w.events),
    finish: () => ({ binary: { requests: w.requests.finish(), decisions: w.decisions.finish(), links: w.links.finish(), events: w.events.finish() } }),
  };
}

function rowSink(chain: SeedChain): Sink {
  const rows: BatchRows = { requests: [], decisions: [], links: [], events: [] };
  return {
    request: (r) => rows.requests.push(r),
    decision: (d) => rows.decisions.push(d),
    link: (l) => rows.links.push(l),
    event: (e) => rows.events.push(chain.appendRow(e)),
    finish: () => ({ rows }),
  };
}
