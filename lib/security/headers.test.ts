import path from "node:path";
import { pathToFileURL } from "node:url";
import type { NextConfig } from "next";
import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, newNonce, securityHeaders, staticSecurityHeaders } from "./headers";

const base = { nonce: "abc123==", authorityHost: "https://login.microsoftonline.com", isDevelopment: false };
const directives = (csp: string) => new Map(csp.split("; ").map((d) => [d.split(" ")[0]!, d.split(" ").slice(1)]));

describe("content security policy", () => {
  it("allows scripts only with the response's nonce, no inline or eval, no plugins, no base, no framing", () => {
    const csp = directives(contentSecurityPolicy({ ...base, appUrl: "https://jit.contoso.example" }));
    expect(csp.get("default-src")).toEqual(["'self'"]);
    expect(csp.get("script-src")).toEqual(["'self'", "'nonce-abc123=='", "'strict-dynamic'"]);
    expect(csp.get("object-src")).toEqual(["'none'"]);
    expect(csp.get("base-uri")).toEqual(["'none'"]);
    expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
    expect(csp.get("form-action")).toEqual(["'self'", "https://login.microsoftonline.com"]);
    expect(csp.has("upgrade-insecure-requests")).toBe(true);
    expect([...csp.values()].flat()).not.toContain("'unsafe-eval'");
    expect(csp.get("script-src")).not.toContain("'unsafe-inline'");
  });
  it("adds unsafe-eval only in development (React's dev tooling), and never upgrades plain-http localhost", () => {
    const dev = directives(contentSecurityPolicy({ ...base, appUrl: "http://localhost:3000", isDevelopment: true }));
    expect(dev.get("script-src")).toContain("'unsafe-eval'");
    expect(dev.has("upgrade-insecure-requests")).toBe(false);
  });
});

describe("security headers", () => {
  it("send HSTS only when the app is served over https", () => {
    expect(securityHeaders({ ...base, appUrl: "https://jit.contoso.example" })["Strict-Transport-Security"]).toBe("max-age=63072000; includeSubDomains"); // 2 years
    expect(securityHeaders({ ...base, appUrl: "http://localhost:3000" })).not.toHaveProperty("Strict-Transport-Security");
  });
  it("never send a referrer: approval links carry their token in the URL", () => {
    expect(staticSecurityHeaders["Referrer-Policy"]).toBe("no-referrer");
  });
  it("next.config.mjs gives build assets the same static headers as proxy.ts gives pages", async () => {
    // A plain .mjs file (no types): imported by URL.
    const configUrl = pathToFileURL(path.resolve(import.meta.dirname, "../../next.config.mjs")).href;
    const nextConfig = ((await import(/* @vite-ignore */ configUrl)) as { default: NextConfig }).default;
    const rules = await nextConfig.headers!();
    const all = rules.find((r) => r.source === "/:path*");
    expect(Object.fromEntries(all!.headers.map((x) => [x.key, x.value]))).toEqual(staticSecurityHeaders);
  });
  it("a nonce is 128 random bits and different every time", () => {
    const nonces = new Set(Array.from({ length: 1000 }, newNonce));
    expect(nonces.size).toBe(1000);
    expect(Buffer.from([...nonces][0]!, "base64")).toHaveLength(16);
  });
});
