import type { SessionMeta } from "./session";

/**
 * Client address and user agent recorded with a session, for the user's and auditors' information only (never
 * for a security decision: X-Forwarded-For is whatever the nearest proxy, or the client, says).
 */
export function requestMeta(headers: Headers): SessionMeta {
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  const ip = forwarded || headers.get("x-real-ip")?.trim() || null;
  return { ip: ip?.slice(0, 64) ?? null, userAgent: headers.get("user-agent")?.slice(0, 512) ?? null };
}
