import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";

/**
 * Applies the committed SQL migrations (prisma/migrations/NNNN_name/migration.sql) in name order and records
 * them in Prisma's own `_prisma_migrations` table, so `prisma migrate status`/`deploy` would recognise the
 * history if the project ever gets a working schema engine. Why we do not use `prisma migrate`:
 * docs/decisions/0002-hand-written-migrations.md.
 */

/** The key `prisma migrate` itself locks, so our runner and Prisma's can never migrate one database at once. */
const MIGRATION_LOCK_KEY = 72707369;

export const defaultMigrationsDir = path.resolve("prisma/migrations");

export interface MigrateOptions {
  /** Folder holding one sub-folder per migration; defaults to prisma/migrations of the working directory. */
  migrationsDir?: string;
  log?: (message: string) => void;
}

export interface MigrateResult {
  /** Migrations this run applied, in order. */
  applied: string[];
  /** Migrations that were already recorded (by an earlier run or a concurrent one). */
  alreadyApplied: string[];
}

export class MigrationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "MigrationError";
  }
}

interface LocalMigration {
  name: string;
  sql: string;
  checksum: string;
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
}

export async function migrate(databaseUrl: string, options: MigrateOptions = {}): Promise<MigrateResult> {
  const log = options.log ?? (() => {});
  const local = await readMigrations(options.migrationsDir ?? defaultMigrationsDir);
  const client = new pg.Client({ connectionString: databaseUrl });
  // A dropped connection also fails the pending query, which is what reports it; without a listener the
  // 'error' event would crash the process instead.
  client.on("error", () => {});
  await client.connect();
  try {
    // Session-level lock held for the whole run: a second replica starting at the same time waits here and
    // then finds everything applied. (PGlite has a single session shared by all socket connections, so there
    // the lock never blocks; the re-check inside each migration's transaction covers that case.)
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    try {
      return await applyPending(client, local, log);
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await client.end();
  }
}

async function applyPending(client: pg.Client, local: LocalMigration[], log: (m: string) => void): Promise<MigrateResult> {
  await client.query(CREATE_MIGRATIONS_TABLE);
  const recorded = await readApplied(client);
  checkHistory(local, recorded);

  const result: MigrateResult = { applied: [], alreadyApplied: [] };
  for (const migration of local) {
    if (recorded.has(migration.name)) {
      result.alreadyApplied.push(migration.name);
      continue;
    }
    const wasApplied = await applyOne(client, migration);
    if (wasApplied) {
      result.applied.push(migration.name);
      log(`applied migration ${migration.name}`);
    } else {
      result.alreadyApplied.push(migration.name);
    }
  }
  if (result.applied.length === 0) log(`database is up to date (${local.length} migrations)`);
  return result;
}

/** Returns false when another runner recorded the migration after we read the history. */
async function applyOne(client: pg.Client, migration: LocalMigration): Promise<boolean> {
  await client.query("BEGIN");
  try {
    const again = await client.query(
      `SELECT 1 FROM "_prisma_migrations" WHERE migration_name = $1 AND rolled_back_at IS NULL AND finished_at IS NOT NULL`,
      [migration.name],
    );
    if (again.rowCount) {
      await client.query("ROLLBACK");
      return false;
    }
    const id = randomUUID();
    await client.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count)
       VALUES ($1, $2, $3, now(), 0)`,
      [id, migration.checksum, migration.name],
    );
    // No parameters: node-postgres then uses the simple query protocol, which accepts many statements.
    await client.query(migration.sql);
    await client.query(
      `UPDATE "_prisma_migrations" SET finished_at = clock_timestamp(), applied_steps_count = 1 WHERE id = $1`,
      [id],
    );
    await client.query("COMMIT");
    return true;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    const reason = error instanceof Error ? error.message : String(error);
    throw new MigrationError(`migration ${migration.name} failed and was rolled back: ${reason}`, { cause: error });
  }
}

async function readApplied(client: pg.Client): Promise<Map<string, AppliedRow>> {
  const { rows } = await client.query<AppliedRow>(
    `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
  );
  return new Map(rows.map((r) => [r.migration_name, r]));
}

/** Refuses to continue on a history we cannot trust rather than building on top of it. */
function checkHistory(local: LocalMigration[], recorded: Map<string, AppliedRow>): void {
  const unfinished = [...recorded.values()].filter((r) => r.finished_at === null).map((r) => r.migration_name);
  if (unfinished.length) {
    throw new MigrationError(
      `migration(s) ${unfinished.join(", ")} started but never finished (recorded by another tool?). ` +
        `Inspect the database, then mark the row rolled back (rolled_back_at) or delete it from _prisma_migrations.`,
    );
  }
  const changed = local.filter((m) => {
    const row = recorded.get(m.name);
    return row !== undefined && row.checksum !== m.checksum;
  });
  if (changed.length) {
    throw new MigrationError(
      `applied migration(s) changed since they were applied: ${changed.map((m) => m.name).join(", ")}. ` +
        `Never edit an applied migration; restore its original file and add a new migration instead.`,
    );
  }
}

export async function readMigrations(migrationsDir: string): Promise<LocalMigration[]> {
  const entries = await readdir(migrationsDir, { withFileTypes: true });
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return Promise.all(
    names.map(async (name) => {
      const file = path.join(migrationsDir, name, "migration.sql");
      const bytes = await readFile(file).catch((error: unknown) => {
        throw new MigrationError(`${file} is missing: every migration folder needs a migration.sql`, { cause: error });
      });
      // Prisma's checksum: SHA-256 of the file's bytes, hex.
      return { name, sql: bytes.toString("utf8"), checksum: createHash("sha256").update(bytes).digest("hex") };
    }),
  );
}

// The same table `prisma migrate` creates, column for column.
const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                  VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"            VARCHAR(64) NOT NULL,
    "finished_at"         TIMESTAMPTZ,
    "migration_name"      VARCHAR(255) NOT NULL,
    "logs"                TEXT,
    "rolled_back_at"      TIMESTAMPTZ,
    "started_at"          TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;
