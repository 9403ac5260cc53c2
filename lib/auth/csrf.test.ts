import { describe, expect, it } from "vitest";
import { csrfToken, isValidCsrfToken } from "./csrf";

const alice = { sessionId: "a".repeat(64), csrfSecret: "secret-of-alice-session-0123456789abcdef" };
const bob = { sessionId: "b".repeat(64), csrfSecret: "secret-of-bob-session-0123456789abcdefgh" };

describe("CSRF tokens", () => {
  it("accepts the token minted for the same session and form", () => {
    expect(isValidCsrfToken(alice, "decide:42", csrfToken(alice, "decide:42"))).toBe(true);
  });

  it("refuses a token from another session, another form, or nothing at all", () => {
    expect(isValidCsrfToken(alice, "decide:42", csrfToken(bob, "decide:42"))).toBe(false);
    expect(isValidCsrfToken(alice, "decide:42", csrfToken(alice, "decide:43"))).toBe(false);
    expect(isValidCsrfToken(alice, "decide:42", "")).toBe(false);
    expect(isValidCsrfToken(alice, "decide:42", undefined)).toBe(false);
    expect(isValidCsrfToken(alice, "decide:42", ["x"])).toBe(false);
  });
});
