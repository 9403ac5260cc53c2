import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { backoffMs, retryAfterOf } from "./backoff";

describe("backoffMs", () => {
  it("never retries before a server's Retry-After, adding at most 10% jitter", () => {
    expect(backoffMs(1, 30, { random: () => 0 })).toBe(30_000);
    expect(backoffMs(1, 30, { random: () => 0.999 })).toBeLessThanOrEqual(33_000);
    expect(backoffMs(7, 30, { random: () => 0.5 })).toBe(31_500);
  });
  it("caps an absurd Retry-After", () => {
    expect(backoffMs(1, 86_400, { random: () => 0, maxRetryAfterMs: 3_600_000 })).toBe(3_600_000);
  });
  it("waits at least a second for Retry-After: 0", () => {
    expect(backoffMs(1, 0, { random: () => 0 })).toBe(1000);
  });
  it("grows exponentially without Retry-After, within [half, full] of the step", () => {
    const at = (attempt: number, r: number) => backoffMs(attempt, undefined, { baseMs: 1000, random: () => r });
    expect([at(1, 0), at(1, 1)]).toEqual([500, 1000]);
    expect([at(4, 0), at(4, 1)]).toEqual([4000, 8000]);
  });
  it("caps the exponential step", () => {
    expect(backoffMs(40, undefined, { baseMs: 1000, capMs: 60_000, random: () => 1 })).toBe(60_000);
  });
});

describe("retryAfterOf", () => {
  const now = new Date("2026-03-04T10:00:00Z");
  it("reads a Graph error's Retry-After header", () => {
    expect(retryAfterOf({ statusCode: 429, headers: new Headers({ "Retry-After": "12" }) }, now)).toBe(12);
  });
  it("reads an AppError's retryAfterSeconds, or its cause's header", () => {
    expect(retryAfterOf(new AppError("rate_limited", "slow down", { retryAfterSeconds: 5 }), now)).toBe(5);
    const cause = { statusCode: 503, headers: new Headers({ "retry-after": "9" }) };
    expect(retryAfterOf(new AppError("upstream", "busy", { cause }), now)).toBe(9);
  });
  it("is undefined for other errors", () => {
    expect(retryAfterOf(new Error("boom"), now)).toBeUndefined();
  });
});
