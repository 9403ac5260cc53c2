/**
 * Vitest global setup of the projects that create databases: builds the embedded-database templates once, before
 * the workers start, instead of in each of them (tests/support/db-template.ts).
 */
import { ensureTemplates } from "./db-template";

export default async function setup(): Promise<void> {
  // Same default as tests/support/db.ts: embedded unless TEST_DB_KIND says postgres.
  if ((process.env.TEST_DB_KIND?.trim() || "embedded") === "embedded") await ensureTemplates();
}
