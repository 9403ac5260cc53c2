import { closeSync, linkSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from "node:fs";
import { hostname } from "node:os";

/**
 * An exclusive lock on a PGlite data directory. PGlite is PostgreSQL in one process with no shared-memory
 * coordination: two processes opening the same directory would both write to it and corrupt it. PostgreSQL's
 * own postmaster.pid does not protect us (inside wasm it cannot see other processes), hence this file.
 *
 * The lock is `<dataDir>.lock` beside the directory (PGlite owns the directory's contents), created with
 * O_EXCL and holding the owner's pid and start time. A lock whose process is gone is stale and taken over.
 */

interface LockInfo {
  pid: number;
  startedAt: string;
  host: string;
}

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holderPid: number | undefined,
  ) {
    super(
      `The embedded database in ${dataDir} is already open in another process` +
        (holderPid === undefined ? "" : ` (pid ${holderPid})`) +
        `. Stop that process, or set DATABASE_URL to use a PostgreSQL server instead.`,
    );
    this.name = "DataDirLockedError";
  }
}

export interface DataDirLock {
  readonly path: string;
  /** Removes the lock file if it is still ours. Safe to call more than once, and from an 'exit' handler. */
  release(): void;
}

/** Lock files held by this process: our own pid in one of them is a real owner, not a stale leftover. */
const heldHere = new Set<string>();

/** A lock file being written right now has no content yet; give its writer this long before calling it stale. */
const UNREADABLE_GRACE_MS = 10_000;

export function acquireDataDirLock(dataDir: string): DataDirLock {
  const lockPath = `${dataDir}.lock`;
  const mine: LockInfo = { pid: process.pid, startedAt: new Date().toISOString(), host: hostname() };
  const content = JSON.stringify(mine);
  if (heldHere.has(lockPath)) throw new DataDirLockedError(dataDir, process.pid);

  // Bounded: each pass either creates the lock, throws, or removed a stale lock that someone else may race us to.
  for (let attempt = 0; attempt < 5; attempt++) {
    if (tryCreate(lockPath, content)) {
      heldHere.add(lockPath);
      return ownLock(lockPath, content);
    }

    const current = readLock(lockPath);
    if (current === "missing") continue;
    if (current === "unreadable") {
      if (ageMs(lockPath) < UNREADABLE_GRACE_MS) throw new DataDirLockedError(dataDir, undefined);
    } else if (isAlive(current.info)) {
      throw new DataDirLockedError(dataDir, current.info.pid);
    }
    removeIfUnchanged(lockPath, current === "unreadable" ? undefined : current.raw);
  }
  throw new DataDirLockedError(dataDir, undefined);
}

function tryCreate(lockPath: string, content: string): boolean {
  let fd: number;
  try {
    fd = openSync(lockPath, "wx", 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
  try {
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
  return true;
}

function ownLock(lockPath: string, content: string): DataDirLock {
  let held = true;
  return {
    path: lockPath,
    release() {
      if (!held) return;
      held = false;
      heldHere.delete(lockPath);
      const current = readLock(lockPath);
      if (current !== "missing" && current !== "unreadable" && current.raw === content) unlinkQuietly(lockPath);
    },
  };
}

function readLock(lockPath: string): { raw: string; info: LockInfo } | "missing" | "unreadable" {
  let raw: string;
  try {
    raw = readFileSync(lockPath, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return "missing";
    throw error;
  }
  try {
    const info = JSON.parse(raw) as Partial<LockInfo>;
    if (typeof info.pid !== "number") return "unreadable";
    return { raw, info: { pid: info.pid, startedAt: String(info.startedAt), host: String(info.host) } };
  } catch {
    return "unreadable";
  }
}

function isAlive(info: LockInfo): boolean {
  // Our own pid in a lock this process does not hold is a previous life of it (a restarted container is pid 1
  // again), not a live owner.
  if (info.pid === process.pid) return false;
  try {
    process.kill(info.pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Takes a stale lock away without deleting a fresh one another process wrote meanwhile: move the file aside
 * atomically, and put it back if it is no longer the stale one we judged.
 */
function removeIfUnchanged(lockPath: string, staleRaw: string | undefined): void {
  const aside = `${lockPath}.${process.pid}.${Date.now()}.stale`;
  try {
    renameSync(lockPath, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  const moved = readLock(aside);
  const isStaleOne = staleRaw === undefined ? moved === "unreadable" : typeof moved === "object" && moved.raw === staleRaw;
  if (isStaleOne) {
    unlinkQuietly(aside);
    return;
  }
  // We took a live lock by mistake: restore it (link fails rather than overwrite if yet another process
  // has created one since).
  try {
    linkSync(aside, lockPath);
  } catch {
    // Someone else holds it now; either way the next pass re-reads the lock.
  }
  unlinkQuietly(aside);
}

function ageMs(file: string): number {
  try {
    return Date.now() - statSync(file).mtimeMs;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

function unlinkQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // Already gone.
  }
}
