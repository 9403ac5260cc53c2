/**
 * Copies of an embedded database instead of new ones. Starting PGlite on an empty in-memory directory runs
 * initdb (3–6 s of CPU here); restoring a dumped data directory takes under a second. So initdb and the
 * migrations (lib/db/migrate.ts, as in production) run once, and every test database starts from a copy:
 *
 *   empty     right after initdb (what the migration runner's own tests want)
 *   migrated  after every migration in prisma/migrations
 *
 * The tarballs live in .data/pglite-templates/, named by a hash of what they are made from (PGlite's version,
 * the migrations, the embedded-database and migration code), so a changed migration makes new ones. The
 * integration and reliability projects build them in their global setup (tests/support/db-global-setup.ts),
 * before any worker starts; anything else (a single test file, the end-to-end stacks) builds them on first use.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
// Relative imports: the Playwright end-to-end stack (e2e/support/stack.ts) uses this module too.
import { startEmbeddedPostgres } from "../../lib/db/embedded";
import { migrate } from "../../lib/db/migrate";

export type TemplateKind = "empty" | "migrated";

const repoRoot = path.resolve(import.meta.dirname, "..", "..");
const templatesDir = path.join(repoRoot, ".data", "pglite-templates");
const migrationsDir = path.join(repoRoot, "prisma", "migrations");

function templateKey(): string {
  const hash = createHash("sha256");
  const pglite = path.join(repoRoot, "node_modules", "@electric-sql", "pglite", "package.json");
  const sources = [pglite, path.join(repoRoot, "lib/db/embedded.ts"), path.join(repoRoot, "lib/db/migrate.ts")];
  for (const name of readdirSync(migrationsDir).sort()) {
    const file = path.join(migrationsDir, name, "migration.sql");
    if (existsSync(file)) sources.push(file);
  }
  for (const file of sources) hash.update(path.relative(repoRoot, file)).update("\0").update(readFileSync(file)).update("\0");
  return hash.digest("hex").slice(0, 16);
}

const fileOf = (key: string, kind: TemplateKind) => path.join(templatesDir, `${kind}-${key}.tar`);

/** Builds the templates unless they exist; returns their files. Safe to run from several processes at once. */
export async function ensureTemplates(): Promise<Record<TemplateKind, string>> {
  const key = templateKey();
  const files = { empty: fileOf(key, "empty"), migrated: fileOf(key, "migrated") };
  if (existsSync(files.empty) && existsSync(files.migrated)) return files;

  mkdirSync(templatesDir, { recursive: true });
  const server = await startEmbeddedPostgres({ dataDir: "memory://" });
  try {
    const empty = await server.dumpDataDir();
    await migrate(server.url, { migrationsDir });
    const migrated = await server.dumpDataDir();
    // Write, then rename: another process never reads half a file, and the last writer simply wins.
    for (const [kind, blob] of [["empty", empty], ["migrated", migrated]] as const) {
      const tmp = `${files[kind]}.${process.pid}.tmp`;
      writeFileSync(tmp, Buffer.from(await blob.arrayBuffer()));
      renameSync(tmp, files[kind]);
    }
  } finally {
    await server.stop();
  }
  // Templates of earlier migrations are of no further use (after a while: a run that started before the change may
  // still be reading its own).
  for (const name of readdirSync(templatesDir)) {
    const file = path.join(templatesDir, name);
    if (!name.includes(key) && Date.now() - statSync(file).mtimeMs > 3_600_000) rmSync(file, { force: true });
  }
  return files;
}

/** The template's data directory, ready for `startEmbeddedPostgres({ loadDataDir })`. */
export async function templateData(kind: TemplateKind): Promise<Blob> {
  const files = await ensureTemplates();
  return new Blob([readFileSync(files[kind])]);
}
