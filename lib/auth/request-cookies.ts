import type { CookieJar } from "./cookies";

/**
 * The current request's cookie store (Next.js `cookies()`): readable everywhere, writable in route handlers and
 * server actions. Loaded lazily so lib code that is handed a jar (tests, scripts) never pulls in Next.js.
 */
export async function requestCookies(): Promise<CookieJar> {
  const { cookies } = await import("next/headers");
  return await cookies();
}
