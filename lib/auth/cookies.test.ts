import { describe, expect, it } from "vitest";
import { type CookieJar, type CookieOptions, clearCookie, sessionCookie, signInStateCookie } from "./cookies";

describe("cookie options", () => {
  it("on https the session cookie is __Host-jit_session, Secure, httpOnly, SameSite=Lax, Path=/, 7 days", () => {
    expect(sessionCookie("https://jit.contoso.example")).toEqual({
      name: "__Host-jit_session",
      options: { httpOnly: true, secure: true, sameSite: "lax", path: "/", maxAge: 604800 },
    });
  });

  it("on plain-http localhost the session cookie is jit_session without Secure", () => {
    expect(sessionCookie("http://localhost:3000")).toEqual({
      name: "jit_session",
      options: { httpOnly: true, secure: false, sameSite: "lax", path: "/", maxAge: 604800 },
    });
  });

  it("the sign-in state cookie lives at most 10 minutes and follows the same prefix rule", () => {
    const https = signInStateCookie("https://jit.contoso.example/");
    expect(https.name).toBe("__Host-jit_signin");
    expect(https.options).toMatchObject({ httpOnly: true, secure: true, sameSite: "lax", path: "/" });
    expect(https.options.maxAge).toBeLessThanOrEqual(600);
    expect(signInStateCookie("http://127.0.0.1:3000").name).toBe("jit_signin");
  });

  it("a __Host- cookie never gets a Domain attribute", () => {
    for (const c of [sessionCookie("https://a.example"), signInStateCookie("https://a.example")]) {
      expect(Object.keys(c.options)).not.toContain("domain");
    }
  });

  it("clearing a cookie re-sends its Secure/Path attributes with Max-Age=0", () => {
    const sets: [string, string, CookieOptions][] = [];
    const jar: CookieJar = { get: () => undefined, set: (n, v, o) => sets.push([n, v, o]) };
    clearCookie(jar, sessionCookie("https://jit.contoso.example"));
    expect(sets).toEqual([["__Host-jit_session", "", { httpOnly: true, secure: true, sameSite: "lax", path: "/", maxAge: 0 }]]);
  });
});
