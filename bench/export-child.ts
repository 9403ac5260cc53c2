/**
 * Child process of bench/history.ts: exports the whole history (no filter) to /dev/null through the same
 * streaming export the route uses, and prints {rows, seconds, bytes} as JSON. Runs alone in its process so
 * the parent can sample its resident memory.
 */
import { createWriteStream } from "node:fs";
import { Writable } from "node:stream";
import { createPrismaClient } from "@/lib/db/client";
import { exportHistory, type ExportFormat } from "@/lib/history/export";

const [url, format = "csv", batch] = process.argv.slice(2);
if (!url) throw new Error("usage: export-child.ts <database url> [csv|jsonl]");
const db = createPrismaClient(url, 2);
// Baseline: the process with everything loaded and the database pool open, before the first exported row.
await db.$queryRaw`SELECT 1`;
const baselineRssMb = process.memoryUsage().rss / 2 ** 20;
const cpuBefore = process.cpuUsage();
const started = performance.now();
const out = exportHistory(
  { db, now: () => new Date() },
  { auditor: { id: "bench", displayName: "History benchmark" }, filters: { status: [], sort: "desc" }, format: format as ExportFormat, ...(batch ? { batchSize: Number(batch) } : {}) },
);
let bytes = 0;
let lines = 0;
const counter = new TransformStream<Uint8Array, Uint8Array>({
  transform(chunk, controller) {
    bytes += chunk.byteLength;
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
    controller.enqueue(chunk);
  },
});
await out.body.pipeThrough(counter).pipeTo(Writable.toWeb(createWriteStream("/dev/null")));
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
// CSV: one header line; a CSV record may contain line breaks, so the audit event's count is the exact row count.
const event = await db.auditEvent.findFirst({ where: { action: "audit.exported" }, orderBy: { seq: "desc" }, select: { data: true } });
const rows = (event?.data as { count?: number } | null)?.count ?? lines;
await db.$disconnect();
process.stdout.write(`${JSON.stringify({ rows, seconds, bytes, lines, baselineRssMb, cpuSeconds: (cpu.user + cpu.system) / 1e6 })}\n`);
