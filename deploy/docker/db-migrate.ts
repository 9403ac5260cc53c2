/**
 * Entry point of the migration Job in the container image (bundled by the Dockerfile into dist/db-migrate.mjs):
 * applies prisma/migrations to DATABASE_URL with the app's own runner (lib/db/migrate.ts) and exits.
 *
 * Why not scripts/db-migrate.ts: that launcher also starts the embedded PGlite when DATABASE_URL is unset, which
 * drags PGlite and its wasm into the bundle. In a cluster there is always a DATABASE_URL, and nothing else
 * (the app's full configuration, secrets) is needed to migrate, so this entry reads only that variable.
 */
import { migrate } from "@/lib/db/migrate";

// The Job gets DATABASE_URL alone; lib/env.ts would insist on the app's whole configuration.
// eslint-disable-next-line no-restricted-properties
const url = process.env.DATABASE_URL?.trim();
const say = (message: string) => console.log(JSON.stringify({ time: new Date().toISOString(), level: "info", msg: message }));

async function main(): Promise<void> {
  if (!url) throw new Error("DATABASE_URL is required (postgresql://…)");
  const result = await migrate(url, { log: say });
  say(`migrations applied: ${result.applied.length} new, ${result.alreadyApplied.length} already present`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    // Driver errors can quote the connection string; print the message with any password removed.
    const message = (error instanceof Error ? error.message : String(error)).replace(/\/\/([^:/@\s]+):[^@\s]*@/g, "//$1:***@");
    console.error(JSON.stringify({ time: new Date().toISOString(), level: "error", msg: "migration failed", error: message }));
    process.exit(1);
  },
);
