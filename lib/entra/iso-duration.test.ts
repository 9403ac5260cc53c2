import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { describeMinutes, formatIsoDurationMinutes, parseIsoDurationMinutes } from "./iso-duration";

describe("ISO-8601 durations", () => {
  it.each([
    ["PT8H", 480],
    ["PT1H45M", 105],
    ["PT5M", 5],
    ["P1D", 1440],
    ["P1W", 10080],
    ["P1DT2H", 1560],
    ["PT90S", 2],
    ["pt2h", 120],
  ])("parses %s as %i minutes", (text, minutes) => {
    expect(parseIsoDurationMinutes(text)).toBe(minutes);
  });

  it.each(["", "P", "PT", "8H", "P1Y", "P1M", "PT1H30", "-PT1H", "P1DT"])("refuses %j", (text) => {
    expect(parseIsoDurationMinutes(text)).toBeUndefined();
  });

  it.each([
    [5, "PT5M"],
    [60, "PT1H"],
    [90, "PT1H30M"],
    [1440, "P1D"],
    [1505, "P1DT1H5M"],
  ])("formats %i minutes as %s", (minutes, text) => {
    expect(formatIsoDurationMinutes(minutes)).toBe(text);
  });

  it("refuses to format zero, negative or fractional minutes", () => {
    expect(() => formatIsoDurationMinutes(0)).toThrow(RangeError);
    expect(() => formatIsoDurationMinutes(-5)).toThrow(RangeError);
    expect(() => formatIsoDurationMinutes(1.5)).toThrow(RangeError);
  });

  it("round-trips every whole number of minutes", () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 525_600 }), (m) => parseIsoDurationMinutes(formatIsoDurationMinutes(m)) === m));
  });

  it("describes durations for people", () => {
    expect(describeMinutes(480)).toBe("8 hours");
    expect(describeMinutes(90)).toBe("1 hour 30 minutes");
    expect(describeMinutes(1)).toBe("1 minute");
    expect(describeMinutes(1500)).toBe("1 day 1 hour");
  });
});
