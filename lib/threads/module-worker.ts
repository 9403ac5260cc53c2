/**
 * Starts a module in a worker thread. A worker gets no module loader from its parent: under tsx (`npm run …`
 * scripts, Vitest) a `.ts` module would not load, so the worker first registers tsx's loader and then imports
 * the module. Compiled JavaScript is started directly.
 */
import { Worker, type WorkerOptions } from "node:worker_threads";

/** tsx's loader API, resolved from here (a data: URL module cannot resolve bare specifiers itself). */
const tsxApi = import.meta.resolve("tsx/esm/api");

export function startModuleWorker(moduleUrl: string, options: WorkerOptions = {}): Worker {
  if (!moduleUrl.endsWith(".ts")) return new Worker(new URL(moduleUrl), options);
  const bootstrap = `import { register } from ${JSON.stringify(tsxApi)}; register(); await import(${JSON.stringify(moduleUrl)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(bootstrap)}`), options);
}
