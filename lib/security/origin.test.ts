import { describe, expect, it } from "vitest";
import { isSameOriginRequest } from "./origin";

const app = "https://jit.contoso.example";
const check = (init: Record<string, string>) => isSameOriginRequest(new Headers(init), app);

describe("isSameOriginRequest", () => {
  it("accepts our own origin and refuses any other, including look-alikes", () => {
    expect(check({ origin: app })).toBe(true);
    for (const origin of ["https://evil.example", "https://jit.contoso.example.evil.example", "http://jit.contoso.example"]) {
      expect(check({ origin, "sec-fetch-site": "same-origin" })).toBe(false);
    }
  });
  it("for Origin 'null' (a form POST under no-referrer, or a sandboxed frame) goes by Sec-Fetch-Site", () => {
    expect(check({ origin: "null", "sec-fetch-site": "same-origin" })).toBe(true);
    expect(check({ origin: "null", "sec-fetch-site": "cross-site" })).toBe(false);
    expect(check({ origin: "null" })).toBe(false);
  });
  it("without Origin, trusts only Sec-Fetch-Site same-origin, and refuses requests with neither", () => {
    expect(check({ "sec-fetch-site": "same-origin" })).toBe(true);
    expect(check({ "sec-fetch-site": "same-site" })).toBe(false);
    expect(check({ "sec-fetch-site": "none" })).toBe(false);
    expect(check({})).toBe(false);
  });
});
