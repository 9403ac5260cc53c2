import type { CheckResult } from "@/lib/doctor/types";
import { CheckStatusBadge } from "./check-status-badge";

/** The results of one group (the app, or one target), each with what was found and, unless it passed, the remedy. */
export function CheckList({ results }: { results: readonly CheckResult[] }) {
  return (
    <ul className="divide-y divide-slate-200">
      {results.map((r) => (
        <li key={`${r.target?.id ?? ""}:${r.id}`} className="py-4 first:pt-0 last:pb-0" data-testid="setup-check" data-check-id={r.id} data-status={r.status}>
          <div className="flex flex-wrap items-center gap-2">
            <CheckStatusBadge status={r.status} />
            <h3 className="text-sm font-semibold text-slate-900">{r.title}</h3>
            <code className="text-xs text-slate-500">{r.id}</code>
          </div>
          <p className="mt-2 text-sm break-words text-slate-700">{r.detail}</p>
          {r.fix && r.status !== "pass" && (
            <div className="mt-3">
              <p className="text-xs font-medium tracking-wide text-slate-500 uppercase">How to fix</p>
              <pre className="mt-1 overflow-x-auto rounded-md bg-slate-900 px-3 py-2 text-xs leading-relaxed text-slate-100" data-testid="check-fix">
                {r.fix}
              </pre>
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}
