/**
 * Where to send the browser after sign-in. The value arrives in a query string anyone can craft, so only a
 * path on this app is accepted; anything else becomes "/" (an open redirect would turn our trusted sign-in
 * into a phishing hop). Browsers are lenient: they treat `\` like `/`, drop tabs/newlines, and a path starting
 * with `//` is another host — so those are refused outright, also when percent-encoded.
 */
const MAX_LENGTH = 2048;
// C0 controls, DEL, and C1 controls; browsers strip some of these silently, which changes the meaning of a URL.
const controlChars = /[\u0000-\u001f\u007f-\u009f]/;
/** Routes that would loop or act on the session if we landed on them after sign-in. */
const forbiddenPrefixes = ["/api/auth/"];

function isDangerous(candidate: string): boolean {
  return (
    controlChars.test(candidate) ||
    candidate.includes("\\") ||
    candidate.startsWith("//") ||
    // "/%2F…" or "/\u2215" style tricks are caught once decoded; a scheme means an absolute URL.
    /^[a-z][a-z0-9+.-]*:/i.test(candidate)
  );
}

export function safeReturnTo(value: unknown, appUrl: string): string {
  if (typeof value !== "string" || value.length === 0 || value.length > MAX_LENGTH) return "/";
  const app = new URL(appUrl);

  let candidate = value;
  // Accept an absolute URL only when it is this app's own origin; keep its path.
  if (/^https?:\/\//i.test(candidate)) {
    let parsed: URL;
    try {
      parsed = new URL(candidate);
    } catch {
      return "/";
    }
    if (parsed.origin !== app.origin || parsed.username || parsed.password) return "/";
    candidate = `${parsed.pathname}${parsed.search}${parsed.hash}`;
  }
  if (!candidate.startsWith("/")) return "/";

  // Check the raw value and every percent-decoding of it (double encoding included).
  let decoded = candidate;
  for (let round = 0; round < 4; round++) {
    if (isDangerous(decoded)) return "/";
    let next: string;
    try {
      next = decodeURIComponent(decoded);
    } catch {
      return "/";
    }
    if (next === decoded) break;
    decoded = next;
  }
  if (isDangerous(decoded)) return "/";

  // Final word from the URL parser: it must resolve to our origin.
  let resolved: URL;
  try {
    resolved = new URL(candidate, app.origin);
  } catch {
    return "/";
  }
  if (resolved.origin !== app.origin) return "/";
  const path = `${resolved.pathname}${resolved.search}${resolved.hash}`;
  if (forbiddenPrefixes.some((p) => resolved.pathname.toLowerCase().startsWith(p))) return "/";
  return path;
}
