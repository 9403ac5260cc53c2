/**
 * Vitest reporter for the `reliability` project (scripts/test.ts adds it to that step): at the end of the run it
 * prints each area's counts (support/summary.ts) and the `reliability: …` total line, e.g.
 *   reliability: faults injected 812, requests 200, mails 1160, crashes 30, concurrent decisions 50, hostile inputs 5200, failures 0
 * `failures` is counted from the run's results — failed tests, files whose hooks failed, errors outside any
 * test, and areas that started but never recorded their counts — not taken from what the tests said of themselves.
 */
import path from "node:path";
import type { Reporter, TestModule } from "vitest/node";
import { formatCounts, readSummaries } from "./summary";

const headline: [string, string][] = [
  ["faults injected", "graph-faults"],
  ["requests", "graph-faults"],
  ["mails", "graph-faults"],
  ["crashes", "crashes"],
  ["concurrent decisions", "replicas"],
  ["jobs run by two workers", "replicas"],
  ["hostile inputs", "hostile-input"],
  ["log lines scanned", "secrets-in-logs"],
];

export default class ReliabilitySummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    const areas = readSummaries();
    const lines = Object.entries(areas).map(([area, counts]) => `  ${area}: ${formatCounts(counts)}`);
    const failed: string[] = [];
    for (const m of testModules) {
      const name = path.basename(m.moduleId);
      const tests = [...m.children.allTests()].filter((t) => t.result().state === "failed");
      for (const t of tests) failed.push(`${name} › ${t.fullName}`);
      if (tests.length === 0 && (m.state() === "failed" || m.errors().length > 0)) failed.push(`${name} (setup or teardown)`);
    }
    for (const [area, counts] of Object.entries(areas)) if (counts.unrecorded) failed.push(`${area} (started, never recorded its counts)`);
    for (let i = 0; i < unhandledErrors.length; i++) failed.push("an error outside any test");

    const total: string[] = [];
    for (const [label, area] of headline) {
      const value = areas[area]?.[label];
      if (value !== undefined) total.push(`${label} ${value}`);
    }
    const out = [...lines, `reliability: ${[...total, `failures ${failed.length}`].join(", ")}`];
    if (failed.length) out.push(...failed.map((f) => `  failed: ${f}`));
    process.stdout.write(`\n${out.join("\n")}\n`);
  }
}
