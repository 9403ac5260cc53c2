/**
 * Opaque `$skiptoken`s: base64url of `{ o: offset, h: hash }`, where the hash binds the offset to the request
 * (path + every query option except the token). A token edited by hand, or replayed against another query,
 * fails verification instead of silently returning a wrong page.
 */
import { createHash } from "node:crypto";

function isSkipTokenKey(key: string): boolean {
  return key.toLowerCase() === "$skiptoken";
}

/**
 * Canonical form of a request for fingerprinting. graph-client's PageIterator re-serialises a nextLink (it may
 * reorder query options), so options are decoded and sorted and the path compared case-insensitively.
 */
export function requestFingerprint(url: URL): string {
  let path = url.pathname;
  try {
    path = decodeURIComponent(path);
  } catch {
    // keep the raw path: it is only hashed
  }
  const pairs = [...url.searchParams.entries()]
    .filter(([k]) => !isSkipTokenKey(k))
    .map(([k, v]) => `${k.startsWith("$") ? k.toLowerCase() : k}=${v}`)
    .sort();
  return `${path.replace(/\/+$/, "").toLowerCase()}?${pairs.join("&")}`;
}

function hashOf(offset: number, fingerprint: string): string {
  return createHash("sha256").update(`aks-jit-emulator-skiptoken\n${offset}\n${fingerprint}`).digest("base64url").slice(0, 22);
}

export function encodeSkipToken(offset: number, url: URL): string {
  return Buffer.from(JSON.stringify({ o: offset, h: hashOf(offset, requestFingerprint(url)) })).toString("base64url");
}

/** The offset carried by `token`, or undefined when it is malformed or was issued for another query. */
export function decodeSkipToken(token: string, url: URL): number | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
    if (typeof parsed !== "object" || parsed === null) return undefined;
    const { o, h } = parsed as { o?: unknown; h?: unknown };
    if (typeof o !== "number" || !Number.isSafeInteger(o) || o < 0 || typeof h !== "string") return undefined;
    return h === hashOf(o, requestFingerprint(url)) ? o : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The absolute nextLink for `url` with its token replaced. The client's query text is kept byte for byte
 * (graph-client passes it through unchanged), and the result starts with `{baseUrl}/v1.0/` because
 * PageIterator strips exactly "https://host/" and the version segment before re-applying its own.
 */
export function nextLinkFor(url: URL, baseUrl: string, offset: number): string {
  const kept = url.search
    .replace(/^\?/, "")
    .split("&")
    .filter((part) => {
      if (part === "") return false;
      const rawKey = part.split("=", 1)[0] ?? "";
      let key = rawKey;
      try {
        key = decodeURIComponent(rawKey);
      } catch {
        // undecodable keys are kept as they are
      }
      return !isSkipTokenKey(key);
    });
  kept.push(`$skiptoken=${encodeSkipToken(offset, url)}`);
  return `${baseUrl.replace(/\/+$/, "")}${url.pathname}?${kept.join("&")}`;
}
