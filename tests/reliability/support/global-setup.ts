/**
 * Vitest global setup of the `reliability` project: clears the previous run's counts (support/summary.ts); the
 * run's reporter (support/summary-reporter.ts) prints them at the end.
 */
import { clearSummaries } from "./summary";

export default function setup(): void {
  clearSummaries();
}
