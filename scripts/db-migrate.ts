/**
 * `npm run db:migrate` — applies prisma/migrations to the database.
 *
 * - DATABASE_URL set: migrates that PostgreSQL server.
 * - DATABASE_URL unset: the embedded database. This script opens `.data/pglite` (or PGLITE_DATA_DIR) itself,
 *   migrates it and shuts it down. Only one process may open that directory, so stop the running app first
 *   (the app's launcher migrates the embedded database on start anyway).
 *
 * Reads DATABASE_URL directly rather than through lib/env.ts: migrating needs only the URL, not the app's
 * whole configuration.
 */
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { migrate } from "@/lib/db/migrate";

const log = (message: string) => console.log(`[db:migrate] ${message}`);

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL?.trim();
  if (url) {
    log(`migrating ${redactPassword(url)}`);
    await migrate(url, { log });
    return;
  }
  const embedded = await startEmbeddedPostgres({ dataDir: process.env.PGLITE_DATA_DIR?.trim() || undefined });
  log(`DATABASE_URL is not set: migrating the embedded database in ${embedded.dataDir}`);
  try {
    await migrate(embedded.url, { log });
  } finally {
    await embedded.stop();
  }
}

function redactPassword(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@");
}

main().catch((error: unknown) => {
  console.error(`[db:migrate] failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
