/**
 * Where the seeder's batches come from: the generator in a worker thread (the default for binary COPY, so that
 * generating the next batch and loading the current one happen at the same time on two cores), or the same
 * generator on this thread (PGlite's INSERT path, which is slower than the generator anyway).
 */
import type { Worker } from "node:worker_threads";
import { startModuleWorker } from "@/lib/threads/module-worker";
import { generateHistory, type GeneratedBatch, type GeneratorOptions } from "./generator";

export interface BatchSource {
  /** The next batch, or null after the last one. */
  next(): Promise<GeneratedBatch | null>;
  close(): Promise<void>;
}

export function batchSource(options: GeneratorOptions, a: { inWorker: boolean }): BatchSource {
  return a.inWorker ? workerSource(options) : localSource(options);
}

function localSource(options: GeneratorOptions): BatchSource {
  const batches = generateHistory(options);
  return {
    next: () => Promise.resolve(batches.next().value ?? null),
    close: () => Promise.resolve(),
  };
}

/**
 * Batches the worker may have made ahead of the one being loaded. With one, the two sides took turns waiting:
 * whenever a batch was slower to load than to make (or the other way round) a core sat idle; a few in hand
 * absorb that jitter. Each batch is a few megabytes.
 */
const AHEAD = 3;

function workerSource(options: GeneratorOptions): BatchSource {
  const worker: Worker = startModuleWorker(new URL(`./generator-worker${extension()}`, import.meta.url).href, {
    workerData: options,
    // Every batch makes a few hundred thousand short-lived strings: a roomier young generation means fewer pauses.
    resourceLimits: { maxYoungGenerationSizeMb: 64 },
  });
  let failure: Error | null = null;
  // Batches (or the end, null) in the order the worker sent them, and callers waiting for the next one.
  const ready: (GeneratedBatch | null)[] = [];
  const waiting: { resolve(b: GeneratedBatch | null): void; reject(e: Error): void }[] = [];
  let asked = 0;
  const ask = () => {
    asked++;
    worker.postMessage("next");
  };
  const fail = (e: Error) => {
    failure ??= e;
    for (const w of waiting.splice(0)) w.reject(e);
  };
  worker.on("message", (batch: GeneratedBatch | null) => {
    asked--;
    const w = waiting.shift();
    if (w) w.resolve(batch);
    else ready.push(batch);
  });
  worker.on("error", fail);
  worker.on("exit", (code) => fail(new Error(`the history generator thread exited (code ${code})`)));
  for (let i = 0; i < AHEAD; i++) ask();
  return {
    next: () =>
      new Promise((resolve, reject) => {
        if (failure) return reject(failure);
        // Keep AHEAD batches made or in the making beyond the one handed out now (the worker answers every
        // "next" after the last batch with null, so asking too often is harmless).
        if (ready.length + asked <= AHEAD) ask();
        if (ready.length > 0) resolve(ready.shift() ?? null);
        else waiting.push({ resolve, reject });
      }),
    close: async () => {
      failure ??= new Error("closed");
      await worker.terminate();
    },
  };
}

/** This module's own extension: .ts under tsx and Vitest, .js when compiled. */
function extension(): string {
  return import.meta.url.endsWith(".ts") ? ".ts" : ".js";
}
