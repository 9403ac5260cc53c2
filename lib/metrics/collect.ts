/**
 * One scrape: in-process metrics (Graph calls) plus the ones computed from the database. If the database cannot be
 * read the scrape still succeeds, with `jit_database_up 0`, so an outage shows up as data rather than a gap.
 */
import type { Db } from "@/lib/db/client";
import { log } from "@/lib/log";
import { collectDatabaseMetrics } from "./database";
import { graphMetrics, type GraphMetrics } from "./graph";
import { Gauge, Registry, renderAll } from "./registry";

export async function renderMetrics(options: { db: Db; now?: Date; graph?: GraphMetrics }): Promise<string> {
  const status = new Registry();
  const up = status.register(new Gauge("jit_database_up", "1 when the last scrape could read the database, else 0."));
  let fromDb: Registry | undefined;
  try {
    fromDb = await collectDatabaseMetrics(options.db, options.now ?? new Date());
    up.set({}, 1);
  } catch (error) {
    log.warn("metrics: database metrics unavailable", { error });
    up.set({}, 0);
  }
  return renderAll([status, ...(fromDb ? [fromDb] : []), (options.graph ?? graphMetrics).registry]);
}
