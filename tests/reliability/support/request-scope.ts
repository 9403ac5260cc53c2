/**
 * Route handlers read the request's cookies and headers through `next/headers`, which only works inside Next's
 * own request handling. The hostile-input test mocks that module with these functions: the Request being
 * handled is held in an AsyncLocalStorage, and `cookies()` reads its Cookie header (writes are recorded, as a
 * browser would store them, but go nowhere). Everything else is the real route handler.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { CookieOptions } from "@/lib/auth/cookies";

interface Scope {
  request: Request;
  written: { name: string; value: string; options: CookieOptions }[];
}

const scope = new AsyncLocalStorage<Scope>();

function parseCookies(header: string | null): Map<string, string> {
  const jar = new Map<string, string>();
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    if (!jar.has(name)) jar.set(name, part.slice(eq + 1).trim());
  }
  return jar;
}

export function runInRequestScope<T>(request: Request, fn: () => Promise<T>): Promise<T> {
  return scope.run({ request, written: [] }, fn);
}

function current(): Scope {
  const s = scope.getStore();
  if (!s) throw new Error("cookies()/headers() called outside a request (test harness)");
  return s;
}

export function cookies() {
  const s = current();
  const jar = parseCookies(s.request.headers.get("cookie"));
  return Promise.resolve({
    get: (name: string) => (jar.has(name) ? { name, value: jar.get(name)! } : undefined),
    getAll: () => [...jar].map(([name, value]) => ({ name, value })),
    has: (name: string) => jar.has(name),
    set: (name: string, value: string, options: CookieOptions) => void s.written.push({ name, value, options }),
    delete: (name: string) => void s.written.push({ name, value: "", options: { httpOnly: true, secure: false, sameSite: "lax", path: "/", maxAge: 0 } }),
  });
}

export function headers() {
  return Promise.resolve(current().request.headers);
}
