import Link from "next/link";
import type { FilterErrors, HistoryFilters } from "@/lib/history/filters";
import { requestStates } from "@/lib/requests/state-machine";
import { Button, buttonClasses } from "../components/button";
import { Field, Input, Select } from "../components/field";
import { requestStatusLabel } from "../components/status-badge";

export interface FilterFormValues {
  requester?: string;
  approver?: string;
  target?: string;
  status: string[];
  from?: string;
  to?: string;
  q?: string;
  sort?: string;
}

/** Echoes what the auditor typed (also when it was invalid) so a mistake can be corrected in place. */
export function valuesFrom(filters: HistoryFilters | null, raw: Record<string, string | string[] | undefined>): FilterFormValues {
  if (filters) return { ...filters, status: filters.status };
  const one = (k: string) => {
    const v = raw[k];
    return Array.isArray(v) ? v[0] : v;
  };
  const status = raw.status === undefined ? [] : Array.isArray(raw.status) ? raw.status : [raw.status];
  return { requester: one("requester"), approver: one("approver"), target: one("target"), status, from: one("from"), to: one("to"), q: one("q"), sort: one("sort") };
}

/** A GET form: the filters live in the URL, so a filtered view can be bookmarked, shared and exported. */
export function FilterForm({ values, errors, targets }: { values: FilterFormValues; errors: FilterErrors; targets: { id: string; displayName: string }[] }) {
  return (
    <form method="get" action="/history" className="space-y-4" data-testid="history-filters" noValidate>
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        <Field id="requester" label="Requester" hint="UPN or object id, exact" error={errors.requester}>
          {(p) => <Input {...p} name="requester" defaultValue={values.requester ?? ""} autoComplete="off" />}
        </Field>
        <Field id="approver" label="Decided by" hint="UPN or object id of an approver" error={errors.approver}>
          {(p) => <Input {...p} name="approver" defaultValue={values.approver ?? ""} autoComplete="off" />}
        </Field>
        <Field id="target" label="Target" error={errors.target}>
          {(p) => (
            <Select {...p} name="target" defaultValue={values.target ?? ""}>
              <option value="">All targets</option>
              {targets.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.displayName}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field id="from" label="Submitted from" hint="Day in UTC" error={errors.from}>
          {(p) => <Input {...p} type="date" name="from" defaultValue={values.from ?? ""} />}
        </Field>
        <Field id="to" label="Submitted until" hint="Day in UTC, included" error={errors.to}>
          {(p) => <Input {...p} type="date" name="to" defaultValue={values.to ?? ""} />}
        </Field>
        <Field id="q" label="Search" hint="Justification or ticket number, 3+ characters" error={errors.q}>
          {(p) => <Input {...p} type="search" name="q" defaultValue={values.q ?? ""} />}
        </Field>
      </div>
      <fieldset aria-describedby={errors.status ? "status-error" : undefined}>
        <legend className="text-sm font-medium text-slate-800">Status</legend>
        <div className="mt-2 flex flex-wrap gap-x-4 gap-y-2">
          {requestStates.map((s) => (
            <label key={s} className="inline-flex items-center gap-1.5 text-sm text-slate-700">
              <input type="checkbox" name="status" value={s} defaultChecked={values.status.includes(s)} className="h-4 w-4 rounded border-slate-300" />
              {requestStatusLabel(s)}
            </label>
          ))}
        </div>
        {errors.status && (
          <p id="status-error" className="mt-1.5 text-sm font-medium text-red-700" data-testid="status-error">
            {errors.status}
          </p>
        )}
      </fieldset>
      <div className="flex flex-wrap items-end gap-3">
        <div className="w-48">
          <Field id="sort" label="Order" error={errors.sort}>
            {(p) => (
              <Select {...p} name="sort" defaultValue={values.sort ?? "desc"}>
                <option value="desc">Newest first</option>
                <option value="asc">Oldest first</option>
              </Select>
            )}
          </Field>
        </div>
        <Button type="submit" data-testid="apply-filters">
          Apply filters
        </Button>
        <Link href="/history" className={buttonClasses("ghost")}>
          Clear
        </Link>
      </div>
    </form>
  );
}
