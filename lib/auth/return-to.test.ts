import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { safeReturnTo } from "./return-to";

const APP = "https://jit.contoso.example";

describe("safeReturnTo keeps same-origin paths", () => {
  it.each([
    ["/", "/"],
    ["/requests", "/requests"],
    ["/requests/new?target=aks-prod", "/requests/new?target=aks-prod"],
    ["/approvals/42#decide", "/approvals/42#decide"],
    ["/history?q=a%20b", "/history?q=a%20b"],
    ["/requests/%E2%9C%93", "/requests/%E2%9C%93"],
    ["/a/../requests", "/requests"],
  ])("%s → %s", (input, expected) => {
    expect(safeReturnTo(input, APP)).toBe(expected);
  });

  it("turns an absolute URL on the app's own origin into its path", () => {
    expect(safeReturnTo("https://jit.contoso.example/approvals/7?x=1", APP)).toBe("/approvals/7?x=1");
    expect(safeReturnTo("HTTPS://JIT.contoso.example/requests", APP)).toBe("/requests");
  });

  it("works for an http localhost app URL with a port", () => {
    expect(safeReturnTo("/requests", "http://localhost:3000")).toBe("/requests");
    expect(safeReturnTo("http://localhost:3000/history", "http://localhost:3000")).toBe("/history");
    expect(safeReturnTo("http://localhost:3001/history", "http://localhost:3000")).toBe("/");
  });
});

describe("safeReturnTo rejects everything else with /", () => {
  it.each([
    // not a string / empty
    [undefined],
    [null],
    [42],
    [["/requests"]],
    [""],
    // other origins
    ["https://evil.example/"],
    ["http://jit.contoso.example/requests"], // same host, other scheme = other origin
    ["https://jit.contoso.example:8443/requests"],
    ["https://jit.contoso.example.evil.example/"],
    ["https://user:pass@jit.contoso.example/requests"],
    ["//evil.example"],
    ["//evil.example/path"],
    ["///evil.example"],
    ["/\\evil.example"],
    ["\\\\evil.example"],
    ["\\/evil.example"],
    ["/\\/evil.example"],
    ["/requests\\..\\..\\evil"],
    // schemes
    ["javascript:alert(1)"],
    ["JavaScript:alert(1)"],
    [" javascript:alert(1)"],
    ["data:text/html,<script>alert(1)</script>"],
    ["vbscript:msgbox"],
    ["mailto:x@evil.example"],
    ["ftp://evil.example"],
    // relative, not absolute-path
    ["requests"],
    ["evil.example"],
    ["./requests"],
    ["?next=/"],
    ["#top"],
    // encoded variants
    ["/%2F%2Fevil.example"],
    ["%2F%2Fevil.example"],
    ["/%5Cevil.example"],
    ["/%5C%5Cevil.example"],
    ["%2f%2fevil.example"],
    ["/%252F%252Fevil.example"], // double-encoded
    ["/%25252F%25252Fevil.example"], // triple-encoded
    ["javascript%3Aalert(1)"],
    ["/%0D%0ALocation:%20https://evil.example"],
    ["/%00"],
    ["/%E0%A4%A"], // malformed percent-encoding
    // control characters and whitespace tricks
    ["/\t/evil.example"],
    ["/\n/evil.example"],
    ["/\r\n/evil.example"],
    ["/requests\u0000"],
    ["/requests\u007f"],
    ["/requests\u0085"],
    ["\u0000/requests"],
    // back into the auth routes (loops, or acting on the session)
    ["/api/auth/login"],
    ["/api/auth/logout"],
    ["/API/AUTH/callback?code=x"],
    ["https://jit.contoso.example/api/auth/login?returnTo=/"],
  ])("%j", (input) => {
    expect(safeReturnTo(input, APP)).toBe("/");
  });

  it("rejects over-long values", () => {
    expect(safeReturnTo(`/${"a".repeat(2047)}`, APP)).toBe(`/${"a".repeat(2047)}`);
    expect(safeReturnTo(`/${"a".repeat(2048)}`, APP)).toBe("/");
  });
});

describe("safeReturnTo properties", () => {
  it("whatever the input, the result is a path that resolves to the app's origin", () => {
    const tricky = fc.constantFrom("/", "//", "\\", "%2F", "%5C", "%25", ":", "javascript:", "evil.example", "@", "\t", "\n", "?", "#", ".", "..");
    const input = fc.oneof(fc.string(), fc.array(fc.oneof(tricky, fc.string({ maxLength: 3 })), { maxLength: 8 }).map((p) => p.join("")));
    fc.assert(
      fc.property(input, (value) => {
        const out = safeReturnTo(value, APP);
        expect(out.startsWith("/")).toBe(true);
        expect(out.startsWith("//")).toBe(false);
        expect(out).not.toContain("\\");
        expect(new URL(out, APP).origin).toBe(APP);
        // and a browser that decodes once more still stays home
        let decoded = out;
        try {
          decoded = decodeURIComponent(out);
        } catch {
          /* the check above already covered the raw value */
        }
        expect(decoded.startsWith("//")).toBe(false);
        expect(decoded).not.toContain("\\");
      }),
      { numRuns: 2000 },
    );
  });
});
