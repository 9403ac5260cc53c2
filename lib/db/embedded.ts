import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { acquireDataDirLock, type DataDirLock } from "./data-dir-lock";

/**
 * The embedded PostgreSQL used when no DATABASE_URL is configured (demo, local development, tests): PGlite
 * (PostgreSQL 18 compiled to wasm) served over the PostgreSQL wire protocol on 127.0.0.1, so the app talks to
 * it through the same `pg` driver and Prisma adapter as to a real server.
 *
 * How PGLiteSocketServer (0.2.17) behaves with several clients, measured here:
 * - It accepts up to `maxConnections` sockets (its default is 1); beyond that Node drops the connection at
 *   once and the client sees "Connection terminated unexpectedly".
 * - All sockets share ONE PostgreSQL session. Queries run one at a time through a queue; while a client is
 *   inside a transaction, other clients' messages wait until it commits or rolls back, so transactions are
 *   isolated (effectively serial).
 * - The queue takes protocol MESSAGES, not queries: outside a transaction, the Parse/Bind/Execute/Sync of two
 *   clients' parameterised queries could interleave, and one client's Bind then found the other's statement.
 *   Three migration runners started at once failed now and then with "unnamed prepared statement does not
 *   exist" (most often on a busy machine), sometimes followed by a reset connection. `wholeQueries` below keeps
 *   a client's turn until its query is complete; with it, 50 rounds of three runners plus 10 sockets × 60
 *   parameterised queries, on a machine kept busy, had no failure and no crossed result.
 * - Session state is shared: SET, advisory locks (pg_advisory_lock from two sockets both succeed, same
 *   backend pid), temporary tables. Code must not rely on session-level locks for mutual exclusion here.
 * So several processes (app, migrator, worker, psql) may connect at once, but a pool larger than 1 buys no
 * throughput: run the app with DATABASE_POOL_MAX=1 against it.
 */

export interface EmbeddedPostgresOptions {
  /** Data directory; "memory://" for a throw-away in-memory database. Default `.data/pglite`. */
  dataDir?: string;
  host?: string;
  /** 0 picks a free port. Default 0. */
  port?: number;
  /** Concurrent client sockets accepted (see above). Default 10. */
  maxConnections?: number;
  /**
   * Start from this copy of a data directory (a tarball from `dumpDataDir()`) instead of an empty, freshly
   * initialised one; for a new directory only. Restoring a copy takes about a second where initdb takes several.
   */
  loadDataDir?: Blob;
}

export interface EmbeddedPostgres {
  /** postgresql:// URL of the server (database `postgres`, user `postgres`, no password). */
  url: string;
  port: number;
  /** Absolute data directory, or "memory://". */
  dataDir: string;
  /** A copy of the whole data directory as an uncompressed tarball, for `loadDataDir`. */
  dumpDataDir(): Promise<Blob>;
  /** Closes client sockets, shuts PostgreSQL down cleanly and releases the directory. Idempotent. */
  stop(): Promise<void>;
}

export const defaultDataDir = ".data/pglite";
const MEMORY = "memory://";

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions = {}): Promise<EmbeddedPostgres> {
  const host = options.host ?? "127.0.0.1";
  const isMemory = (options.dataDir ?? defaultDataDir).startsWith(MEMORY);
  const dataDir = isMemory ? MEMORY : path.resolve(options.dataDir ?? defaultDataDir);

  let lock: DataDirLock | undefined;
  if (!isMemory) {
    mkdirSync(path.dirname(dataDir), { recursive: true });
    lock = acquireDataDirLock(dataDir);
  }

  let opened: { db: PGlite; server: PGLiteSocketServer };
  try {
    opened = await open(dataDir, host, options.port ?? 0, options.maxConnections ?? 10, options.loadDataDir);
  } catch (error) {
    lock?.release();
    throw error;
  }
  const { db, server } = opened;

  const port = Number(server.getServerConn().split(":").pop());
  const stop = once(async () => {
    removeProcessHooks();
    try {
      await server.stop();
      // close() waits for queries in flight (including the rollback of a transaction a dropped client left
      // open) and shuts PostgreSQL down, so the data directory is consistent afterwards.
      await db.close();
    } finally {
      lock?.release();
    }
  });

  // Ctrl-C or a container stop must not leave the directory locked, nor cut PostgreSQL off mid-write. After our
  // clean stop, re-raise the signal when nobody else handles it, so the process still ends as it would have.
  const onSignal = (signal: NodeJS.Signals) => {
    void stop().finally(() => {
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  };
  // 'exit' handlers must be synchronous: only the lock file can be dealt with there.
  const onExit = () => lock?.release();
  const removeProcessHooks = () => {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    process.off("exit", onExit);
  };
  if (lock) {
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
    process.once("exit", onExit);
  }

  const dumpDataDir = () => db.dumpDataDir("none");
  return { url: `postgresql://postgres@${host}:${port}/postgres`, port, dataDir, dumpDataDir, stop };
}

async function open(dataDir: string, host: string, port: number, maxConnections: number, loadDataDir: Blob | undefined) {
  // PGlite ships contrib extensions as separate bundles that must be loaded to be CREATE-able; migration 0003
  // creates pg_trgm (history free-text search), so every embedded database loads it.
  const db = await PGlite.create(dataDir, { extensions: { pg_trgm }, ...(loadDataDir ? { loadDataDir } : {}) });
  try {
    const server = new PGLiteSocketServer({ db: wholeQueries(db), host, port, maxConnections });
    await server.start();
    return { db, server };
  } catch (error) {
    await db.close().catch(() => {});
    throw error;
  }
}

// Frontend messages that leave an extended-protocol query unfinished: Parse, Bind, Close, Describe, Execute, Flush,
// CopyData. Sync ends it; a simple Query ('Q') is whole by itself.
const UNFINISHED = new Set(["P", "B", "C", "D", "E", "H", "d"].map((c) => c.charCodeAt(0)));

/**
 * The database as PGLiteSocketServer sees it. Its queue serves the client of the last message first only while
 * `isInTransaction()`; this also answers true while that client's extended-protocol query is unfinished, so no
 * other client's message runs between its Parse and its Sync. A client that disconnects mid-query is rolled back
 * by the server (`exec("ROLLBACK")`), which ends its turn here too.
 */
function wholeQueries(db: PGlite): PGlite {
  let isQueryOpen = false;
  return new Proxy(db, {
    get(target, property) {
      if (property === "isInTransaction") return () => isQueryOpen || target.isInTransaction();
      if (property === "execProtocolRawStream") {
        return (message: Uint8Array, options: Parameters<PGlite["execProtocolRawStream"]>[1]) => {
          isQueryOpen = UNFINISHED.has(message[0] ?? 0);
          return target.execProtocolRawStream(message, options);
        };
      }
      if (property === "exec") {
        return (query: string, options?: Parameters<PGlite["exec"]>[1]) => {
          isQueryOpen = false;
          return target.exec(query, options);
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= fn());
}
