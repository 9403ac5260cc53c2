/**
 * CSRF check for state-changing route handlers (server actions get Next's own Origin check, and the forms'
 * session-bound CSRF tokens — app/requests/_lib/action-kit.ts).
 *
 * Browsers send `Origin` on every POST and `Sec-Fetch-Site` on every request; a cross-site form or fetch is
 * refused by either. One catch: under our `Referrer-Policy: no-referrer` a browser serialises the Origin of a
 * plain form POST as "null" even on our own pages (Fetch standard, "serializing a request origin"), so for
 * "null" the decision is Sec-Fetch-Site's. A request with neither header is not from a current browser and is
 * refused: state changes here are made from our own pages only.
 */
export function isSameOriginRequest(headers: Headers, appUrl: string): boolean {
  const origin = headers.get("origin");
  if (origin !== null && origin !== "null") return origin === new URL(appUrl).origin;
  const site = headers.get("sec-fetch-site");
  if (site !== null) return site === "same-origin";
  return false;
}
