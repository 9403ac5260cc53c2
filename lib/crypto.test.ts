import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SealError, open, randomToken, safeEqual, seal, sha256Hex } from "./crypto";

const key = randomBytes(32).toString("base64");
const otherKey = randomBytes(32).toString("base64");

describe("seal / open", () => {
  it("round-trips any text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (text) => {
        expect(open("token-cache", seal("token-cache", text, key), key)).toBe(text);
      }),
    );
  });

  it("never stores the plaintext and uses a fresh IV every time", () => {
    const secret = "refresh-token-1.AUEA-very-secret";
    const a = seal("token-cache", secret, key);
    const b = seal("token-cache", secret, key);
    expect(a.toString("latin1")).not.toContain(secret);
    expect(a.equals(b)).toBe(false);
    expect(a[0]).toBe(1); // format version
  });

  it("refuses a value sealed with another key", () => {
    const sealed = seal("token-cache", "x", key);
    expect(() => open("token-cache", sealed, otherKey)).toThrow(SealError);
  });

  it("refuses a value sealed for another purpose", () => {
    const sealed = seal("sign-in-state", "x", key);
    expect(() => open("token-cache", sealed, key)).toThrow(SealError);
  });

  it("detects a flipped bit anywhere in the sealed value", () => {
    const sealed = seal("token-cache", "some cache json", key);
    for (let i = 1; i < sealed.length; i++) {
      const tampered = Buffer.from(sealed);
      tampered[i] = (tampered[i] ?? 0) ^ 0x01;
      expect(() => open("token-cache", tampered, key), `byte ${i}`).toThrow(SealError);
    }
  });

  it("rejects truncated values and unknown versions", () => {
    const sealed = seal("token-cache", "abc", key);
    expect(() => open("token-cache", sealed.subarray(0, 20), key)).toThrow(SealError);
    const v2 = Buffer.from(sealed);
    v2[0] = 2;
    expect(() => open("token-cache", v2, key)).toThrow(/unknown format/);
  });

  it("refuses key material shorter than 32 bytes", () => {
    expect(() => seal("token-cache", "x", randomBytes(16).toString("base64"))).toThrow(/32 bytes/);
  });
});

describe("helpers", () => {
  it("sha256Hex matches the known digest of 'abc'", () => {
    expect(sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  it("randomToken is base64url of the requested size and never repeats", () => {
    const t = randomToken();
    expect(t).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(t, "base64url")).toHaveLength(32);
    expect(randomToken(16)).toHaveLength(22);
    expect(new Set(Array.from({ length: 200 }, () => randomToken())).size).toBe(200);
  });

  it("safeEqual compares by value, including different lengths", () => {
    expect(safeEqual("abc", "abc")).toBe(true);
    expect(safeEqual("abc", "abd")).toBe(false);
    expect(safeEqual("abc", "abcd")).toBe(false);
    expect(safeEqual("", "")).toBe(true);
  });
});
