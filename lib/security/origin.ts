/**
 * CSRF check for state-changing route handlers (server actions get Next's own Origin check, and the forms'
 * session-bound CSRF tokens — app/requests/_lib/action-kit.ts). Browsers send `Origin` on every POST and
 * `Sec-Fetch-Site` on every request; a cross-site form or fetch is refused by either. A request with neither
 * is not from a current browser, and is refused too: state changes here are made from our own pages only.
 */
export function isSameOriginRequest(headers: Headers, appUrl: string): boolean {
  const origin = headers.get("origin");
  if (origin !== null) return origin === new URL(appUrl).origin;
  const site = headers.get("sec-fetch-site");
  if (site !== null) return site === "same-origin" || site === "none";
  return false;
}
