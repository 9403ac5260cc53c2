import { describe, expect, it } from "vitest";
import { describeDuration, parseIsoDuration } from "./iso-duration";

describe("parseIsoDuration", () => {
  it("reads the durations PIM policies and requests use", () => {
    expect(parseIsoDuration("PT8H")).toBe(8 * 3_600_000);
    expect(parseIsoDuration("PT1H45M")).toBe(105 * 60_000);
    expect(parseIsoDuration("P180D")).toBe(180 * 86_400_000);
    expect(parseIsoDuration("P1W")).toBe(7 * 86_400_000);
    expect(parseIsoDuration("PT30S")).toBe(30_000);
    expect(parseIsoDuration("pt5m")).toBe(300_000);
  });

  it("rejects text that is not a day-time duration", () => {
    for (const bad of ["", "P", "PT", "P1DT", "8H", "PT-1H", "P1M", "P1Y", "one hour"]) {
      expect(parseIsoDuration(bad), bad).toBeUndefined();
    }
  });

  it("describes durations for people", () => {
    expect(describeDuration(90 * 60_000)).toBe("1h 30m");
    expect(describeDuration(2 * 86_400_000)).toBe("2d");
  });
});
