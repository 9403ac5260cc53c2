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

function workerSource(options: GeneratorOptions): BatchSource {
  const worker: Worker = startModuleWorker(new URL(`./generator-worker${extension()}`, import.meta.url).href, {
    workerData: options,
    // Every batch makes a few hundred thousand short-lived strings: a roomier young generation means fewer pauses.
    resourceLimits: { maxYoungGenerationSizeMb: 64 },
  });
  let failure: Error | null = null;
  let waiting: { resolve(b: GeneratedBatch | null): void; reject(e: Error): void } | null = null;
  const fail = (e: Error) => {
    failure ??= e;
    waiting?.reject(e);
    waiting = null;
  };
  worker.on("message", (batch: GeneratedBatch | null) => {
    waiting?.resolve(batch);
    waiting = null;
  });
  worker.on("error", fail);
  worker.on("exit", (code) => fail(new Error(`the history generator thread exited (code ${code})`)));
  return {
    next: () =>
      new Promise((resolve, reject) => {
        if (failure) return reject(failure);
        waiting = { resolve, reject };
        worker.postMessage("next");
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
