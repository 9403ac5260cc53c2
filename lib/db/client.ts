import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { loadEnv } from "@/lib/env";
import { log } from "@/lib/log";
import { PrismaClient, type Prisma } from "@/lib/generated/prisma/client";

/**
 * The one database client of the app. Created on first use, not at import, so modules can import `db`
 * before the environment is loaded (tests set DATABASE_URL in their setup, then touch `db`).
 */

export type Db = PrismaClient;
/** The client handed to `db.$transaction(async (tx) => …)`: same models, no $connect/$transaction. */
export type Tx = Prisma.TransactionClient;

const poolKey = Symbol.for("jit-access.pg-pool");

/** A separate client with its own pool, for tests and scripts; the app uses `db`. */
export function createPrismaClient(connectionString: string, max: number): Db {
  const pool = new pg.Pool({ connectionString, max });
  // An idle connection the server closes (restart, failover, DROP DATABASE … FORCE) is dropped from the pool and
  // replaced on the next checkout; without a listener its error would crash the process.
  pool.on("error", (error) => log.warn("an idle database connection was closed", { error }));
  const client = new PrismaClient({ adapter: new PrismaPg(pool) });
  // The pool is ours, so $disconnect closes it too — also when only poolOf() readers ever used it, in which case
  // Prisma never connected its adapter and would leave the pool open.
  const disconnect = client.$disconnect.bind(client);
  Object.defineProperties(client, {
    [poolKey]: { value: pool },
    $disconnect: {
      value: async () => {
        await disconnect();
        if (!pool.ended) await pool.end();
      },
    },
  });
  return client;
}

/**
 * The pg pool under a client (the same connections Prisma uses, so the embedded database still sees one pool).
 * For the two reads that must not pay Prisma's per-value conversions, streaming millions of rows as text: the
 * history export (lib/history/export-rows.ts) and audit verification (lib/audit/verify.ts). Everything else goes
 * through Prisma.
 */
export function poolOf(client: Db): pg.Pool {
  const pool = (client as unknown as Record<symbol, pg.Pool | undefined>)[poolKey];
  if (!pool) throw new Error("poolOf: not a client made by createPrismaClient");
  return pool;
}

// Next.js re-evaluates modules on every hot reload in development, and in the production build the same module
// is instantiated once per bundle layer (instrumentation/worker, pages, route handlers). Keeping the client on
// globalThis gives the whole process ONE pool: several pools against the embedded PGlite server would share its
// single PostgreSQL session from several sockets, which was seen to cross queries (wrong rows, "bind message
// supplies 2 parameters, but prepared statement "" requires 3").
const holder = globalThis as typeof globalThis & { __jitAccessDb?: Db };
let client: Db | undefined;

function getDb(): Db {
  if (client) return client;
  const env = loadEnv();
  client = holder.__jitAccessDb ?? createPrismaClient(env.DATABASE_URL, env.DATABASE_POOL_MAX);
  holder.__jitAccessDb = client;
  return client;
}

export const db: Db = new Proxy({} as Db, {
  get(_target, property) {
    const real = getDb();
    const value: unknown = Reflect.get(real, property, real);
    return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(real) : value;
  },
});

/** Closes the pool (graceful shutdown, end of a test file). The next use of `db` opens a new one. */
export async function disconnectDb(): Promise<void> {
  const current = client ?? holder.__jitAccessDb;
  client = undefined;
  holder.__jitAccessDb = undefined;
  await current?.$disconnect();
}
