/**
 * Redirect URI matching as Entra does it: exact string match against the registered URIs, except that
 * for `http://localhost` and `http://127.0.0.1` the port is ignored (native/dev apps pick free ports).
 */
const loopbackHosts = new Set(["localhost", "127.0.0.1", "[::1]"]);

export function matchesRegisteredUri(candidate: string, registered: readonly string[]): boolean {
  if (registered.includes(candidate)) return true;
  const c = parse(candidate);
  if (!c || c.protocol !== "http:" || !loopbackHosts.has(c.hostname)) return false;
  return registered.some((r) => {
    const u = parse(r);
    return !!u && u.protocol === "http:" && u.hostname === c.hostname && u.pathname === c.pathname && u.search === c.search;
  });
}

function parse(s: string): URL | undefined {
  try {
    const u = new URL(s);
    return u.hash ? undefined : u;
  } catch {
    return undefined;
  }
}

/** Appends parameters to a redirect URI's query (or fragment), keeping what it already has. */
export function withParams(uri: string, params: Record<string, string>, mode: "query" | "fragment" = "query"): string {
  const u = new URL(uri);
  if (mode === "fragment") {
    u.hash = new URLSearchParams(params).toString();
    return u.toString();
  }
  for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
  return u.toString();
}
