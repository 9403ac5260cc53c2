import { describe, expect, it } from "vitest";
import { matchesRegisteredUri, withParams } from "./redirect-uri";

const registered = ["http://localhost:3000/api/auth/callback", "https://app.example.com/api/auth/callback"];

describe("redirect URI matching", () => {
  it("requires an exact match for non-loopback URIs", () => {
    expect(matchesRegisteredUri("https://app.example.com/api/auth/callback", registered)).toBe(true);
    expect(matchesRegisteredUri("https://app.example.com/api/auth/callback/", registered)).toBe(false);
    expect(matchesRegisteredUri("https://app.example.com:8443/api/auth/callback", registered)).toBe(false);
  });

  it("ignores the port for http://localhost, but not the path, scheme or host", () => {
    expect(matchesRegisteredUri("http://localhost:49152/api/auth/callback", registered)).toBe(true);
    expect(matchesRegisteredUri("http://localhost:49152/other", registered)).toBe(false);
    expect(matchesRegisteredUri("https://localhost:3000/api/auth/callback", registered)).toBe(false);
    expect(matchesRegisteredUri("http://127.0.0.1:3000/api/auth/callback", registered)).toBe(false);
  });

  it("keeps existing query parameters when adding the response", () => {
    expect(withParams("http://localhost:3000/cb?x=1", { code: "a b" })).toBe("http://localhost:3000/cb?x=1&code=a+b");
    expect(withParams("http://localhost:3000/cb", { code: "c" }, "fragment")).toBe("http://localhost:3000/cb#code=c");
  });
});
