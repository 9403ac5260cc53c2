/**
 * Reading timestamps as text, for the two reads that stream millions of rows straight from pg (the history
 * export, audit verification): `<column> AT TIME ZONE 'UTC'` is a plain `timestamp`, whose text output does not
 * depend on the session's time zone, and turning it into ISO-8601 here is several times cheaper for the
 * database than formatting it with to_char.
 */
import type pg from "pg";

/** pg query option: every column as the text PostgreSQL sent — no parsing into numbers, booleans or Dates. */
export const textValues: pg.CustomTypesConfig = { getTypeParser: () => (value: string) => value };

const utcText = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?$/;

/**
 * "2026-11-22 17:14:00.12" (a `timestamp` in PostgreSQL's ISO output style, which drops trailing zeros of the
 * fraction) → "2026-11-22T17:14:00.120Z". Anything else — a server configured with another DateStyle — is refused
 * rather than exported wrong.
 */
export function isoFromUtcText(text: string): string {
  const n = text.length;
  // The usual case, three fraction digits, checked by its separators only (it is most of a million rows).
  if (n === 23 && text.charCodeAt(4) === 45 && text.charCodeAt(10) === 32 && text.charCodeAt(19) === 46) return `${text.slice(0, 10)}T${text.slice(11)}Z`;
  if (!utcText.test(text)) throw new Error(`unexpected timestamp text from the database: ${text} (is DateStyle ISO?)`);
  const dot = text.indexOf(".", 19);
  const fraction = dot === -1 ? "000" : text.slice(dot + 1, dot + 4).padEnd(3, "0");
  return `${text.slice(0, 10)}T${text.slice(11, 19)}.${fraction}Z`;
}

