import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { migrate } from "@/lib/db/migrate";
import { createTestDatabase, type TestDatabase } from "@/tests/support/db";

const repoMigrations = path.resolve("prisma/migrations");
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function emptyDatabase(): Promise<TestDatabase> {
  const t = await createTestDatabase({ migrated: false });
  cleanups.push(() => t.stop());
  return t;
}

async function migrationsDir(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "jit-migrations-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  for (const [name, sql] of Object.entries(files)) {
    await mkdir(path.join(dir, name));
    await writeFile(path.join(dir, name, "migration.sql"), sql);
  }
  return dir;
}

async function query<R extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

const recorded = (url: string) =>
  query<{ migration_name: string; checksum: string; finished: boolean; applied_steps_count: number }>(
    url,
    `SELECT migration_name, checksum, finished_at IS NOT NULL AS finished, applied_steps_count
     FROM "_prisma_migrations" ORDER BY migration_name`,
  );

const tableExists = async (url: string, table: string) =>
  (await query<{ t: string | null }>(url, "SELECT to_regclass($1)::text AS t", [table]))[0]?.t === table;

describe("migrate()", () => {
  it("applies every committed migration to an empty database and records each in _prisma_migrations", async () => {
    const t = await emptyDatabase();
    const names = (await readdir(repoMigrations, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
    const messages: string[] = [];

    const result = await migrate(t.url, { log: (m) => messages.push(m) });

    expect(result).toEqual({ applied: names, alreadyApplied: [] });
    expect(names.length).toBeGreaterThanOrEqual(2);
    const rows = await recorded(t.url);
    const checksums = await Promise.all(
      names.map(async (n) => createHash("sha256").update(await readFile(path.join(repoMigrations, n, "migration.sql"))).digest("hex")),
    );
    expect(rows).toEqual(names.map((n, i) => ({ migration_name: n, checksum: checksums[i], finished: true, applied_steps_count: 1 })));
    expect(messages).toEqual(names.map((n) => `applied migration ${n}`));
    expect(await tableExists(t.url, "audit_events")).toBe(true);
  });

  it("applies nothing on a second run", async () => {
    const t = await emptyDatabase();
    const first = await migrate(t.url);

    const second = await migrate(t.url);

    expect(second).toEqual({ applied: [], alreadyApplied: first.applied });
    expect(await recorded(t.url)).toHaveLength(first.applied.length);
  });

  it("lets three runners start at once and applies each migration exactly once", async () => {
    const t = await emptyDatabase();

    const results = await Promise.all([migrate(t.url), migrate(t.url), migrate(t.url)]);

    const allApplied = results.flatMap((r) => r.applied).sort();
    const names = (await recorded(t.url)).map((r) => r.migration_name);
    expect(allApplied).toEqual(names);
    expect(new Set(names).size).toBe(names.length);
    for (const r of results) expect([...r.applied, ...r.alreadyApplied].sort()).toEqual(names);
  });

  it("refuses to run when an applied migration's file has changed, naming it, and applies nothing else", async () => {
    const t = await emptyDatabase();
    const dir = await migrationsDir({ "0001_a": "CREATE TABLE a (id int);" });
    await migrate(t.url, { migrationsDir: dir });
    await writeFile(path.join(dir, "0001_a", "migration.sql"), "CREATE TABLE a (id bigint);");
    await mkdir(path.join(dir, "0002_b"));
    await writeFile(path.join(dir, "0002_b", "migration.sql"), "CREATE TABLE b (id int);");

    await expect(migrate(t.url, { migrationsDir: dir })).rejects.toThrow(/applied migration\(s\) changed since they were applied: 0001_a\b/);

    expect(await tableExists(t.url, "b")).toBe(false);
    expect((await recorded(t.url)).map((r) => r.migration_name)).toEqual(["0001_a"]);
  });

  it("rolls a failing migration back completely, does not record it, and applies it once fixed", async () => {
    const t = await emptyDatabase();
    const dir = await migrationsDir({
      "0001_ok": "CREATE TABLE ok (id int);",
      "0002_bad": "CREATE TABLE half_done (id int);\nINSERT INTO half_done VALUES (1 / 0);",
      "0003_later": "CREATE TABLE later (id int);",
    });

    await expect(migrate(t.url, { migrationsDir: dir })).rejects.toThrow(/migration 0002_bad failed and was rolled back: division by zero/);

    expect(await tableExists(t.url, "ok")).toBe(true);
    expect(await tableExists(t.url, "half_done")).toBe(false);
    expect(await tableExists(t.url, "later")).toBe(false);
    expect((await recorded(t.url)).map((r) => r.migration_name)).toEqual(["0001_ok"]);

    await writeFile(path.join(dir, "0002_bad", "migration.sql"), "CREATE TABLE half_done (id int);");
    expect(await migrate(t.url, { migrationsDir: dir })).toEqual({ applied: ["0002_bad", "0003_later"], alreadyApplied: ["0001_ok"] });
  });

  it("refuses a history with a migration that started but never finished", async () => {
    const t = await emptyDatabase();
    const dir = await migrationsDir({ "0001_a": "CREATE TABLE a (id int);" });
    await migrate(t.url, { migrationsDir: dir });
    await query(t.url, `UPDATE "_prisma_migrations" SET finished_at = NULL WHERE migration_name = '0001_a'`);

    await expect(migrate(t.url, { migrationsDir: dir })).rejects.toThrow(/0001_a started but never finished/);
  });
});
