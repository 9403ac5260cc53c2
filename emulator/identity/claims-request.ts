/**
 * The `claims` request parameter. A step-up challenge looks like
 * `{"access_token":{"acrs":{"essential":true,"value":"c1"}}}` (or `values`); the emulator treats the
 * named authentication contexts as satisfied by the sign-in and puts them in the token's `acrs`.
 */
export function requestedAcrs(raw: string | null): string[] {
  if (!raw) return [];
  try {
    const acrs = (JSON.parse(raw) as { access_token?: { acrs?: { value?: unknown; values?: unknown } } }).access_token?.acrs;
    const values = [acrs?.value, ...(Array.isArray(acrs?.values) ? (acrs.values as unknown[]) : [])];
    return [...new Set(values.filter((v): v is string => typeof v === "string" && /^c\d+$/.test(v)))];
  } catch {
    return [];
  }
}
