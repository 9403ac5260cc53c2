/**
 * `$expand` parsing into a tree the route interprets, e.g.
 * `policy($expand=rules),stages($select=id;$filter=status eq 'x')` →
 * `[{ name: "policy", expand: [{ name: "rules", … }] }, { name: "stages", select: ["id"], filter: … }]`.
 */
import { parseFilter, QuerySyntaxError, type FilterExpr } from "./odata-filter";

export interface ExpandItem {
  /** Navigation property as written (compare case-insensitively). */
  name: string;
  /** Nested `$select`, if any. */
  select?: string[];
  /** Nested `$filter`, if any. */
  filter?: FilterExpr;
  /** Nested `$expand` (empty when none). */
  expand: ExpandItem[];
  /** All nested options as raw text, keyed by lower-case option name (`$top`, `$orderby`, …). */
  options: Record<string, string>;
}

/** Splits on `separator` outside parentheses and quoted strings. */
function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let inQuote = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i);
    if (ch === "'") inQuote = !inQuote;
    else if (inQuote) continue;
    else if (ch === "(") depth++;
    else if (ch === ")") {
      depth--;
      if (depth < 0) throw new QuerySyntaxError("unbalanced parentheses");
    } else if (ch === separator && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  if (depth !== 0 || inQuote) throw new QuerySyntaxError("unbalanced parentheses or quotes");
  parts.push(text.slice(start));
  return parts;
}

/** Splits a comma list such as `$select` into trimmed, non-empty names. */
export function splitList(text: string): string[] {
  return text
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

function parseItem(text: string): ExpandItem {
  const trimmed = text.trim();
  const open = trimmed.indexOf("(");
  const name = (open === -1 ? trimmed : trimmed.slice(0, open)).trim();
  if (!/^[A-Za-z_][\w.]*(\/[A-Za-z_][\w.]*)*$|^\*$/.test(name)) throw new QuerySyntaxError(`invalid navigation property '${name}'`);
  const item: ExpandItem = { name, expand: [], options: {} };
  if (open === -1) return item;
  if (!trimmed.endsWith(")")) throw new QuerySyntaxError(`invalid expand item '${trimmed}'`);
  const inner = trimmed.slice(open + 1, -1);
  for (const option of splitTopLevel(inner, ";")) {
    if (option.trim() === "") continue;
    const eq = option.indexOf("=");
    if (eq === -1) throw new QuerySyntaxError(`invalid expand option '${option.trim()}'`);
    const key = option.slice(0, eq).trim().toLowerCase();
    const value = option.slice(eq + 1).trim();
    item.options[key] = value;
    if (key === "$expand") item.expand = parseExpand(value);
    else if (key === "$select") item.select = splitList(value);
    else if (key === "$filter") item.filter = parseFilter(value);
  }
  return item;
}

/** Parses a `$expand` value; throws QuerySyntaxError on malformed input. */
export function parseExpand(text: string): ExpandItem[] {
  if (text.trim() === "") return [];
  return splitTopLevel(text, ",").map(parseItem);
}

/** Finds an expanded navigation property by name (case-insensitive). */
export function findExpand(items: readonly ExpandItem[], name: string): ExpandItem | undefined {
  const lower = name.toLowerCase();
  return items.find((i) => i.name.toLowerCase() === lower);
}
