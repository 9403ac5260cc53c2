/**
 * Loading millions of rows into tables whose indexes are maintained row by row is slow: every random UUID or
 * hash lands on a random index page. When the history tables are still empty, the seeder drops their indexes —
 * primary keys included — and foreign keys, loads, and recreates them from their own catalog definitions
 * (pg_get_indexdef / pg_get_constraintdef), which builds each index with one sort. All of it runs inside the
 * seeding transaction, so a failure leaves the schema exactly as it was; the result is identical to what the
 * migrations created.
 */
import type pg from "pg";

export const historyTables = ["access_requests", "decisions", "approval_links", "audit_events"] as const;

interface Definition {
  name: string;
  table: string;
  sql: string;
}

export interface DroppedDefinitions {
  primaryKeys: Definition[];
  indexes: Definition[];
  foreignKeys: Definition[];
}

export async function areHistoryTablesEmpty(client: pg.Client): Promise<boolean> {
  const { rows } = await client.query<{ has_rows: boolean }>(
    historyTables.map((t) => `SELECT EXISTS (SELECT 1 FROM "${t}") AS has_rows`).join(" UNION ALL "),
  );
  return rows.every((r) => !r.has_rows);
}

export async function dropSecondaryIndexes(client: pg.Client): Promise<DroppedDefinitions> {
  const tables = [...historyTables];
  const fks = await client.query<Definition>(
    `SELECT con.conname AS name, t.relname AS table, pg_get_constraintdef(con.oid) AS sql
       FROM pg_constraint con JOIN pg_class t ON t.oid = con.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE con.contype = 'f' AND n.nspname = current_schema() AND t.relname = ANY($1) ORDER BY con.conname`,
    [tables],
  );
  const primaryKeys = await client.query<Definition>(
    `SELECT con.conname AS name, t.relname AS table, pg_get_constraintdef(con.oid) AS sql
       FROM pg_constraint con JOIN pg_class t ON t.oid = con.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE con.contype = 'p' AND n.nspname = current_schema() AND t.relname = ANY($1) ORDER BY con.conname`,
    [tables],
  );
  // Indexes behind a constraint (the primary keys) go with their constraint.
  const indexes = await client.query<Definition>(
    `SELECT i.relname AS name, t.relname AS table, pg_get_indexdef(ix.indexrelid) AS sql
       FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class t ON t.oid = ix.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = current_schema() AND t.relname = ANY($1)
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = ix.indexrelid)
      ORDER BY i.relname`,
    [tables],
  );
  for (const fk of fks.rows) await client.query(`ALTER TABLE "${fk.table}" DROP CONSTRAINT "${fk.name}"`);
  for (const pk of primaryKeys.rows) await client.query(`ALTER TABLE "${pk.table}" DROP CONSTRAINT "${pk.name}"`);
  for (const ix of indexes.rows) await client.query(`DROP INDEX "${ix.name}"`);
  return { primaryKeys: primaryKeys.rows, indexes: indexes.rows, foreignKeys: fks.rows };
}

export async function restoreSecondaryIndexes(client: pg.Client, dropped: DroppedDefinitions, log: (m: string) => void): Promise<void> {
  for (const pk of dropped.primaryKeys) {
    const t0 = Date.now();
    await client.query(`ALTER TABLE "${pk.table}" ADD CONSTRAINT "${pk.name}" ${pk.sql}`);
    log(`rebuilt primary key ${pk.name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  }
  for (const ix of dropped.indexes) {
    const t0 = Date.now();
    await client.query(ix.sql);
    log(`rebuilt index ${ix.name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  }
  for (const fk of dropped.foreignKeys) await client.query(`ALTER TABLE "${fk.table}" ADD CONSTRAINT "${fk.name}" ${fk.sql}`);
}
