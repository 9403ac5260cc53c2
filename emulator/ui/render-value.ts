/**
 * Renders arbitrary module summaries (plain JSON-like data) as HTML: arrays of objects become tables,
 * objects become titled sections, everything else escaped text. Depth-limited so a cyclic or huge value
 * cannot hang the page.
 */
import { html, type Fragment } from "./html";

const maxDepth = 4;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function scalar(value: unknown): string {
  switch (typeof value) {
    case "string":
      return value;
    case "number":
    case "boolean":
    case "bigint":
      return String(value);
    default:
      return JSON.stringify(value) ?? "";
  }
}

function cell(value: unknown): Fragment {
  if (value === null || value === undefined) return html`<span class="muted">—</span>`;
  if (typeof value === "object") return html`<code>${JSON.stringify(value)}</code>`;
  return scalar(value);
}

function table(rows: Record<string, unknown>[]): Fragment {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return html`<table><tr>${columns.map((c) => html`<th>${c}</th>`)}</tr>
${rows.map((r) => html`<tr>${columns.map((c) => html`<td>${cell(r[c])}</td>`)}</tr>`)}</table>`;
}

export function renderValue(value: unknown, depth = 0): Fragment {
  if (value === null || value === undefined) return html`<p class="muted">none</p>`;
  if (depth >= maxDepth) return html`<code>${JSON.stringify(value)}</code>`;
  if (Array.isArray(value)) {
    if (value.length === 0) return html`<p class="muted">none</p>`;
    if (value.every(isPlainObject)) return table(value);
    return html`<ul>${value.map((v) => html`<li>${renderValue(v, depth + 1)}</li>`)}</ul>`;
  }
  if (isPlainObject(value)) {
    return Object.entries(value).map(([key, v]) => {
      const isScalar = v === null || typeof v !== "object";
      return isScalar ? html`<p><strong>${key}:</strong> ${cell(v)}</p>` : html`<h3>${key}</h3>${renderValue(v, depth + 1)}`;
    });
  }
  return scalar(value);
}
