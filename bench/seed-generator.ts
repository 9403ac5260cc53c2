/**
 * `npx tsx bench/seed-generator.ts [requests] [binary|rows]` — the history generator alone (lib/history/seed/
 * generator.ts: scenarios, hash chain, binary COPY encoding), on this thread, without a database: microseconds of
 * CPU per request. The seeder runs the generator in a worker thread beside the database load, so this is the
 * ceiling of what `npm run seed:history` can reach on the Node side.
 */
import { GENESIS_HASH } from "@/lib/audit/chain";
import { generateHistory, type BatchFormat } from "@/lib/history/seed/generator";

const requests = Number(process.argv[2] ?? 100_000);
const format = (process.argv[3] ?? "binary") as BatchFormat;
const now = Date.now();
const span = 100 * 86_400_000;
const started = performance.now();
const cpu = process.cpuUsage();
let bytes = 0;
let events = 0;
for (const b of generateHistory({ requests, batchSize: 1000, seed: 1, now, from: now - span, spanMs: span, head: { seq: 0, hash: GENESIS_HASH }, format })) {
  events += b.counts.events;
  if (b.binary) bytes += b.binary.events.length + b.binary.requests.length + b.binary.links.length + b.binary.decisions.length;
}
const ms = performance.now() - started;
const used = process.cpuUsage(cpu);
console.log(
  JSON.stringify({
    requests,
    events,
    format,
    seconds: +(ms / 1000).toFixed(2),
    requestsPerSecond: Math.round((requests * 1000) / ms),
    cpuMicrosecondsPerRequest: +((used.user + used.system) / requests).toFixed(1),
    copyMegabytes: Math.round(bytes / 1e6),
  }),
);
