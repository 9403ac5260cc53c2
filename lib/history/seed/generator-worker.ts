/**
 * Worker-thread side of batch-source.ts: runs the history generator and hands each batch to the main thread
 * when asked for the next one (the COPY streams are transferred, not copied). Keeping the generator off the
 * main thread lets the main thread keep the database connection busy: while PostgreSQL loads batch k, this
 * thread is already producing batch k + 1.
 */
import { parentPort, workerData } from "node:worker_threads";
import { generateHistory, type GeneratorOptions } from "./generator";

const port = parentPort;
if (!port) throw new Error("generator-worker.ts runs only as a worker thread (lib/history/seed/batch-source.ts)");

const batches = generateHistory(workerData as GeneratorOptions);
port.on("message", (message: "next" | "stop") => {
  if (message === "stop") {
    port.close();
    return;
  }
  const next = batches.next();
  if (next.done) {
    port.postMessage(null);
    return;
  }
  const b = next.value.binary;
  // BinaryCopyWriter's buffers are plain ArrayBuffers of their own (never the shared Buffer pool).
  port.postMessage(next.value, b ? [b.requests, b.decisions, b.links, b.events].map((u) => u.buffer as ArrayBuffer) : []);
});
