/**
 * CSV cells per RFC 4180 (quoted when they hold a comma, quote, CR or LF; quotes doubled; CRLF between
 * records), made safe to open in a spreadsheet: a cell starting with = + - @ (or tab / CR, which some
 * spreadsheets skip before evaluating) would be run as a formula, so it gets a leading apostrophe. An auditor's
 * export carries text typed by requesters, i.e. by anyone.
 */
const formulaStart = /^[=+\-@\t\r]/;
const needsQuotes = /[",\r\n]/;

export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "";
  let s = String(value);
  if (formulaStart.test(s)) s = `'${s}`;
  return needsQuotes.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvRecord(values: readonly (string | number | boolean | null | undefined)[]): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}
