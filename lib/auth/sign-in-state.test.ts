import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { seal } from "@/lib/crypto";
import { type SignInState, decodeSignInState, encodeSignInState } from "./sign-in-state";

const key = randomBytes(32).toString("base64");
const state: SignInState = {
  verifier: "v".repeat(43),
  state: "0b7c2c4e-6d55-4d8a-9c61-3a3f3c1f0e11",
  nonce: "5f0a1a6e-2f4b-4f4b-8e0e-7f4e0c3d2b1a",
  returnTo: "/approvals/42",
};
const t0 = new Date("2026-03-04T10:00:00Z");
const later = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

describe("sign-in state cookie value", () => {
  it("round-trips and does not reveal the verifier or nonce", () => {
    const value = encodeSignInState(state, t0, key);
    expect(value).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(Buffer.from(value, "base64url").toString("latin1")).not.toContain(state.nonce);
    expect(decodeSignInState(value, later(30), key)).toEqual(state);
  });

  it("is refused after 10 minutes", () => {
    const value = encodeSignInState(state, t0, key);
    expect(decodeSignInState(value, later(600), key)).toEqual(state);
    expect(decodeSignInState(value, later(601), key)).toBeNull();
  });

  it("is refused when issued in the future beyond clock skew", () => {
    expect(decodeSignInState(encodeSignInState(state, later(120), key), t0, key)).toBeNull();
  });

  it("is refused when tampered with, sealed with another key, or not ours at all", () => {
    const value = encodeSignInState(state, t0, key);
    const bytes = Buffer.from(value, "base64url");
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 1;
    expect(decodeSignInState(bytes.toString("base64url"), t0, key)).toBeNull();
    expect(decodeSignInState(encodeSignInState(state, t0, randomBytes(32).toString("base64")), t0, key)).toBeNull();
    expect(decodeSignInState("hello", t0, key)).toBeNull();
    expect(decodeSignInState(undefined, t0, key)).toBeNull();
    expect(decodeSignInState("", t0, key)).toBeNull();
  });

  it("is refused when the sealed token-cache purpose is presented instead", () => {
    const forged = seal("token-cache", JSON.stringify({ ...state, iat: t0.getTime() / 1000 }), key).toString("base64url");
    expect(decodeSignInState(forged, t0, key)).toBeNull();
  });

  it("is refused when the sealed content does not have the expected shape", () => {
    const wrongShape = seal("sign-in-state", JSON.stringify({ ...state, returnTo: "https://evil.example", iat: t0.getTime() / 1000 }), key);
    expect(decodeSignInState(wrongShape.toString("base64url"), t0, key)).toBeNull();
  });
});
