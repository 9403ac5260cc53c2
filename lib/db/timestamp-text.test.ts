import { describe, expect, it } from "vitest";
import { isoFromUtcText } from "./timestamp-text";

describe("isoFromUtcText", () => {
  it("turns PostgreSQL's ISO-style timestamp text into ISO-8601 UTC with milliseconds", () => {
    expect(isoFromUtcText("2026-11-22 17:14:00.123")).toBe("2026-11-22T17:14:00.123Z");
    // PostgreSQL drops trailing zeros of the fraction, and the fraction itself when it is zero.
    expect(isoFromUtcText("2026-11-22 17:14:00.12")).toBe("2026-11-22T17:14:00.120Z");
    expect(isoFromUtcText("2026-11-22 17:14:00.1")).toBe("2026-11-22T17:14:00.100Z");
    expect(isoFromUtcText("2026-11-22 17:14:00")).toBe("2026-11-22T17:14:00.000Z");
  });

  it("refuses text in another DateStyle instead of exporting it wrong", () => {
    expect(() => isoFromUtcText("22.11.2026 17:14:00.123")).toThrow(/DateStyle/);
    expect(() => isoFromUtcText("11/22/2026 17:14:00.12")).toThrow(/DateStyle/);
    expect(() => isoFromUtcText("Sun Nov 22 17:14:00.123 2026")).toThrow(/DateStyle/);
  });
});
