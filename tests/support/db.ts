/**
 * A migrated database for integration tests.
 *
 *   TEST_DB_KIND=embedded (default)  an in-memory PGlite behind a socket server on a random port
 *   TEST_DB_KIND=postgres            a fresh database `jit_test_<random>` on the server in TEST_DATABASE_URL
 *                                    (localhost / 127.0.0.1 only), dropped again on stop()
 *
 * Either way the database is migrated with lib/db/migrate.ts, exactly as production is. (Embedded databases are
 * copies of one that was: initdb and the migrations run once per run, not once per file — ./db-template.ts.)
 *
 * Usage — code under test that imports `db` from lib/db/client:
 *
 *   const testDb = setupTestDatabase({ env: { APP_URL: "…", … } });   // at the top of the test file
 *   it("…", async () => { await testDb().db.user.create(…); await someUseCase(…); });
 *
 * `setupTestDatabase()` registers beforeAll/afterAll hooks: it creates the database, sets DATABASE_URL (and
 * the other variables in `env`, since lib/env validates the whole configuration) and resets lib/env's cache
 * before the code under test first touches `db`; afterwards it disconnects `db` and drops the database.
 * (Not called `useTestDatabase`: ESLint's React rules take a top-level `use…()` call for a misused hook.)
 *
 * Usage — a test that only needs a database:  const t = await createTestDatabase(); … await t.stop();
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll } from "vitest";
import { createPrismaClient, disconnectDb, type Db } from "@/lib/db/client";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { migrate } from "@/lib/db/migrate";
import { resetEnvForTests } from "@/lib/env";
import { templateData } from "./db-template";

export interface TestDatabase {
  url: string;
  kind: "embedded" | "postgres";
  /** A client of its own (not the app's `db`). */
  db: Db;
  stop(): Promise<void>;
}

export type TestDbKind = TestDatabase["kind"];

export function testDbKind(): TestDbKind {
  const kind = process.env.TEST_DB_KIND?.trim() || "embedded";
  if (kind !== "embedded" && kind !== "postgres") throw new Error(`TEST_DB_KIND must be "embedded" or "postgres", not "${kind}"`);
  return kind;
}

export interface CreateTestDatabaseOptions {
  /** Apply prisma/migrations (default true). Tests of the migration runner want an empty database. */
  migrated?: boolean;
}

export async function createTestDatabase(options: CreateTestDatabaseOptions = {}): Promise<TestDatabase> {
  const migrated = options.migrated ?? true;
  return testDbKind() === "postgres" ? createPostgresDatabase(migrated) : createEmbeddedDatabase(migrated);
}

async function createEmbeddedDatabase(migrated: boolean): Promise<TestDatabase> {
  const server = await startEmbeddedPostgres({ dataDir: "memory://", loadDataDir: await templateData(migrated ? "migrated" : "empty") });
  // One query runs at a time in PGlite whatever the pool size (lib/db/embedded.ts), so one connection.
  const db = createPrismaClient(server.url, 1);
  return {
    url: server.url,
    kind: "embedded",
    db,
    stop: async () => {
      await db.$disconnect();
      await server.stop();
    },
  };
}

async function createPostgresDatabase(migrated: boolean): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL?.trim();
  if (!serverUrl) throw new Error("TEST_DB_KIND=postgres needs TEST_DATABASE_URL (e.g. postgresql://postgres@127.0.0.1:5432/test)");
  const base = new URL(serverUrl);
  // Safety rail: these tests create and drop databases; never point them at a shared or remote server.
  if (!["localhost", "127.0.0.1", "[::1]"].includes(base.hostname)) {
    throw new Error(`TEST_DATABASE_URL must point at localhost or 127.0.0.1, not ${base.hostname}`);
  }

  const name = `jit_test_${randomBytes(6).toString("hex")}`;
  await withAdminClient(serverUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
  const url = new URL(base);
  url.pathname = `/${name}`;
  const dropDatabase = () => withAdminClient(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));

  try {
    if (migrated) await migrate(url.toString());
  } catch (error) {
    await dropDatabase();
    throw error;
  }
  const db = createPrismaClient(url.toString(), 4);
  return {
    url: url.toString(),
    kind: "postgres",
    db,
    stop: async () => {
      await db.$disconnect();
      await dropDatabase();
    },
  };
}

async function withAdminClient<T>(serverUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Vitest setup for code that uses the app's `db`: returns a getter for the test database, valid from the
 * first test on.
 */
export function setupTestDatabase(options: { env?: Record<string, string> } = {}): () => TestDatabase {
  let current: TestDatabase | undefined;
  beforeAll(async () => {
    await disconnectDb();
    current = await createTestDatabase();
    Object.assign(process.env, options.env, { DATABASE_URL: current.url });
    // PGlite runs one query at a time whatever the pool size (lib/db/embedded.ts).
    if (current.kind === "embedded") process.env.DATABASE_POOL_MAX = "1";
    resetEnvForTests();
  });
  afterAll(async () => {
    await disconnectDb();
    await current?.stop();
  });
  return () => {
    if (!current) throw new Error("setupTestDatabase(): the database exists only inside tests and hooks");
    return current;
  };
}
