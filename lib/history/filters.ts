/**
 * The auditor's history filters, parsed from a query string (GET forms, the export link) with zod. Bad input
 * becomes per-field messages for the form, never an exception: the page shows them and runs no query.
 *
 * Dates are whole days in UTC (the server does not know the viewer's zone; the page says so). `to` includes
 * its day. Free text needs three characters because the trigram index (migration 0003) can only answer
 * substrings of at least one trigram; shorter searches would scan every request.
 */
import { z } from "zod";
import { requestStates, type RequestState } from "@/lib/requests/state-machine";

export type SortOrder = "desc" | "asc";

export interface HistoryFilters {
  /** UPN (case-insensitive) or object id of the requester, exactly. */
  requester?: string;
  /** UPN or object id of someone who decided (approved or denied). */
  approver?: string;
  /** Target id, exactly. */
  target?: string;
  status: RequestState[];
  /** Submitted on or after this day (UTC), YYYY-MM-DD. */
  from?: string;
  /** Submitted on or before this day (UTC), YYYY-MM-DD. */
  to?: string;
  /** Substring of the justification or the ticket number. */
  q?: string;
  sort: SortOrder;
}

export type SearchParams = Record<string, string | string[] | undefined> | URLSearchParams;

const blankAsUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : typeof v === "string" ? v.trim() : v);
const text = (max: number, label: string) =>
  z.preprocess(
    blankAsUndefined,
    z
      .string()
      .max(max, `${label} is too long (at most ${max} characters)`)
      // PostgreSQL rejects NUL in text; control characters are never part of a real filter.
      .regex(/^[^\u0000-\u001f\u007f]*$/, `${label} contains control characters`)
      .optional(),
  );
const day = (label: string) =>
  z.preprocess(
    blankAsUndefined,
    z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, `${label} must be a date (YYYY-MM-DD)`)
      .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), `${label} is not a real date`)
      .optional(),
  );

const schema = z
  .object({
    requester: text(256, "Requester"),
    approver: text(256, "Approver"),
    target: text(200, "Target"),
    status: z.array(z.enum(requestStates, { message: `Status must be one of: ${requestStates.join(", ")}` })).max(requestStates.length),
    from: day("From"),
    to: day("To"),
    q: z.preprocess(
      blankAsUndefined,
      z
        .string()
        .min(3, "Search needs at least 3 characters")
        .max(200, "Search is too long (at most 200 characters)")
        .regex(/^[^\u0000-\u001f\u007f]*$/, "Search contains control characters")
        .optional(),
    ),
    sort: z.preprocess(blankAsUndefined, z.enum(["desc", "asc"], { message: "Sort must be newest or oldest first" }).default("desc")),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { path: ["to"], message: "To must not be before From" });

export type FilterErrors = Partial<Record<keyof HistoryFilters | "cursor" | "format", string>>;

export type ParsedFilters = { ok: true; filters: HistoryFilters } | { ok: false; errors: FilterErrors };

function all(params: SearchParams, key: string): string[] {
  if (params instanceof URLSearchParams) return params.getAll(key);
  const v = params[key];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

function one(params: SearchParams, key: string): string | undefined {
  // A repeated single-valued parameter is ambiguous; the first one wins, as in a form with one field.
  return all(params, key)[0];
}

export function parseHistoryFilters(params: SearchParams): ParsedFilters {
  const raw = {
    requester: one(params, "requester"),
    approver: one(params, "approver"),
    target: one(params, "target"),
    // Checkboxes repeat the name; "a,b" is accepted too so links stay short.
    status: [...new Set(all(params, "status").flatMap((s) => s.split(",")).map((s) => s.trim()).filter(Boolean))],
    from: one(params, "from"),
    to: one(params, "to"),
    q: one(params, "q"),
    sort: one(params, "sort"),
  };
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, filters: result.data };
  const errors: FilterErrors = {};
  for (const issue of result.error.issues) {
    const key = String(issue.path[0] ?? "q") as keyof FilterErrors;
    errors[key] ??= issue.message;
  }
  return { ok: false, errors };
}

/** The filters as query parameters (for pagination links and the export link); defaults are left out. */
export function filtersToParams(filters: HistoryFilters): URLSearchParams {
  const p = new URLSearchParams();
  for (const key of ["requester", "approver", "target", "from", "to", "q"] as const) {
    const v = filters[key];
    if (v) p.set(key, v);
  }
  for (const s of filters.status) p.append("status", s);
  if (filters.sort !== "desc") p.set("sort", filters.sort);
  return p;
}

/** The filters as recorded in the audit log: only those that were set. */
export function filtersForAudit(filters: HistoryFilters): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of filtersToParams(filters)) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  if (filters.status.length) out.status = [...filters.status];
  return out;
}
