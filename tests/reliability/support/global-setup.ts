/**
 * Vitest global setup of the `reliability` project: clears the previous run's counts, and at the end prints one
 * line per area and the `reliability: …` total line (support/summary.ts).
 */
import { clearSummaries, formatCounts, readSummaries } from "./summary";

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

export default function setup(): () => void {
  clearSummaries();
  return () => {
    const areas = readSummaries();
    if (Object.keys(areas).length === 0) return;
    const lines = Object.entries(areas).map(([area, counts]) => `  ${area}: ${formatCounts(counts)}`);
    const total: string[] = [];
    for (const [label, area] of headline) {
      const value = areas[area]?.[label];
      if (value !== undefined) total.push(`${label} ${value}`);
    }
    const failures = Object.values(areas).reduce((n, c) => n + (c.failures ?? 0), 0);
    process.stdout.write(`\n${lines.join("\n")}\nreliability: ${[...total, `failures ${failures}`].join(", ")}\n`);
  };
}
