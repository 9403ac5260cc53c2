/**
 * The 429 a browser lands on when a route handler's rate limit refuses it: a plain page (no scripts, no styles,
 * so nothing the CSP has to allow) that says what happened and when to try again, with Retry-After.
 */
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function tooManyRequestsResponse(message: string, retryAfterSeconds: number): Response {
  const minutes = Math.ceil(retryAfterSeconds / 60);
  const when = minutes <= 1 ? "in a minute" : `in ${minutes} minutes`;
  const html =
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Too many attempts · AKS JIT Access</title></head>` +
    `<body><main><h1>Too many attempts</h1><p>${escapeHtml(message)}</p><p>Please try again ${when}.</p>` +
    `<p><a href="/">Back to the start page</a></p></main></body></html>`;
  return new Response(html, {
    status: 429,
    headers: { "Content-Type": "text/html; charset=utf-8", "Retry-After": String(retryAfterSeconds), "Cache-Control": "no-store" },
  });
}
