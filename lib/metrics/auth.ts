import { timingSafeEqual } from "node:crypto";

/**
 * Whether a scrape may read /api/metrics: always when no METRICS_TOKEN is configured (development), otherwise only
 * with `Authorization: Bearer <METRICS_TOKEN>`, compared in constant time.
 */
export function isMetricsScrapeAllowed(authorization: string | null, metricsToken: string | undefined): boolean {
  if (!metricsToken) return true;
  const presented = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "")?.[1];
  if (!presented) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(metricsToken);
  return a.length === b.length && timingSafeEqual(a, b);
}
