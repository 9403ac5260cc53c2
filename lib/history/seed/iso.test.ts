import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isoUtc } from "./iso";

describe("isoUtc", () => {
  it("formats like Date.prototype.toISOString for any whole millisecond in years 0000–9999", () => {
    fc.assert(
      fc.property(fc.integer({ min: -62_167_219_200_000, max: Date.UTC(9999, 11, 31, 23, 59, 59, 999) }), (ms) => {
        expect(isoUtc(ms)).toBe(new Date(ms).toISOString());
      }),
      { numRuns: 5000 },
    );
  });

  it("handles day boundaries and consecutive calls across days", () => {
    const midnight = Date.UTC(2026, 11, 5);
    for (const ms of [midnight - 1, midnight, midnight + 1, midnight + 86_399_999, 0, 951_782_400_000 /* 2000-02-29 */]) {
      expect(isoUtc(ms)).toBe(new Date(ms).toISOString());
    }
  });
});
