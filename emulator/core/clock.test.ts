import { describe, expect, it } from "vitest";
import { EmulatorClock } from "./clock";

describe("EmulatorClock", () => {
  it("follows real time plus an offset, and advancing moves it and notifies listeners", () => {
    let real = 1_000_000;
    const clock = new EmulatorClock(() => real);
    let notified = 0;
    clock.onChange(() => notified++);
    clock.advance(60);
    expect(clock.nowMs()).toBe(1_060_000);
    real += 5_000;
    expect(clock.nowMs()).toBe(1_065_000);
    expect(notified).toBe(1);
  });

  it("stands still while frozen and resumes from the frozen time", () => {
    let real = 0;
    const clock = new EmulatorClock(() => real);
    clock.set(new Date("2030-01-01T00:00:00Z"));
    clock.freeze(true);
    real += 10_000;
    expect(clock.now().toISOString()).toBe("2030-01-01T00:00:00.000Z");
    clock.advance(1);
    expect(clock.now().toISOString()).toBe("2030-01-01T00:00:01.000Z");
    clock.freeze(false);
    real += 2_000;
    expect(clock.now().toISOString()).toBe("2030-01-01T00:00:03.000Z");
  });

  it("rejects invalid dates and non-finite advances", () => {
    const clock = new EmulatorClock();
    expect(() => clock.set(new Date("nope"))).toThrow(RangeError);
    expect(() => clock.advance(Number.NaN)).toThrow(RangeError);
  });
});
