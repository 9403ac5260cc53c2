/**
 * A fresh, migrated database on the real PostgreSQL named by TEST_DATABASE_URL — for tests that need several
 * processes on one database with real row locks (PGlite serialises every transaction, so SKIP LOCKED and
 * concurrent deciders would prove nothing there). Same safety rail as tests/support/db.ts: localhost only.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { createPrismaClient, type Db } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { settings } from "./settings";

export interface PostgresTestDatabase {
  url: string;
  db: Db;
  stop(): Promise<void>;
}

export function realPostgresUrl(): string | undefined {
  return settings.postgresUrl;
}

export async function createPostgresTestDatabase(serverUrl: string): Promise<PostgresTestDatabase> {
  const base = new URL(serverUrl);
  if (!["localhost", "127.0.0.1", "[::1]"].includes(base.hostname)) throw new Error(`TEST_DATABASE_URL must point at localhost, not ${base.hostname}`);
  const name = `jit_reliability_${randomBytes(6).toString("hex")}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  const drop = () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  try {
    await migrate(url.toString());
  } catch (e) {
    await drop();
    throw e;
  }
  const db = createPrismaClient(url.toString(), 8);
  return {
    url: url.toString(),
    db,
    stop: async () => {
      await db.$disconnect();
      await drop();
    },
  };
}
