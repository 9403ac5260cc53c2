import { describe, expect, it } from "vitest";
import { isSameOriginRequest } from "./origin";

const app = "https://jit.contoso.example";

describe("isSameOriginRequest", () => {
  it("accepts our own origin and refuses any other, including look-alikes and 'null'", () => {
    expect(isSameOriginRequest(new Headers({ origin: app }), app)).toBe(true);
    for (const origin of ["https://evil.example", "https://jit.contoso.example.evil.example", "http://jit.contoso.example", "null"]) {
      expect(isSameOriginRequest(new Headers({ origin }), app)).toBe(false);
    }
  });
  it("without Origin, trusts only Sec-Fetch-Site same-origin/none, and refuses requests with neither", () => {
    expect(isSameOriginRequest(new Headers({ "sec-fetch-site": "same-origin" }), app)).toBe(true);
    expect(isSameOriginRequest(new Headers({ "sec-fetch-site": "cross-site" }), app)).toBe(false);
    expect(isSameOriginRequest(new Headers({}), app)).toBe(false);
  });
});
