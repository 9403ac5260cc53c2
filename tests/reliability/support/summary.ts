/**
 * Each reliability test records its counts (what it did: faults injected, crashes, cases tried …); the run's
 * reporter (summary-reporter.ts) prints them as one line per area and a total line with the failures counted from
 * the results. Files, not memory: Vitest runs test files in worker threads.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

export const summaryDir = path.resolve(import.meta.dirname, "..", "..", "..", ".data", "test-results", "reliability");

export type Counts = Record<string, number>;

/** Call when an area starts: an area that started but never recorded its counts is reported as failed. */
export function recordStart(area: string): void {
  mkdirSync(summaryDir, { recursive: true });
  writeFileSync(path.join(summaryDir, `${area}.started`), "");
}

export function recordSummary(area: string, counts: Counts): void {
  mkdirSync(summaryDir, { recursive: true });
  writeFileSync(path.join(summaryDir, `${area}.json`), JSON.stringify(counts));
  process.stdout.write(`${area}: ${formatCounts(counts)}\n`);
}

export function formatCounts(counts: Counts): string {
  return Object.entries(counts)
    .map(([k, v]) => `${k} ${v}`)
    .join(", ");
}

export function clearSummaries(): void {
  rmSync(summaryDir, { recursive: true, force: true });
}

/** Counts per area; an area that started without recording counts reads as `{ unrecorded: 1 }`. */
export function readSummaries(): Record<string, Counts> {
  let files: string[] = [];
  try {
    files = readdirSync(summaryDir);
  } catch {
    return {};
  }
  const areas: Record<string, Counts> = {};
  for (const f of files.filter((name) => name.endsWith(".started")).sort()) areas[f.replace(/\.started$/, "")] = { unrecorded: 1 };
  for (const f of files.filter((name) => name.endsWith(".json")).sort()) {
    areas[f.replace(/\.json$/, "")] = JSON.parse(readFileSync(path.join(summaryDir, f), "utf8")) as Counts;
  }
  return areas;
}
