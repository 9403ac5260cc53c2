import type { RequestView } from "@/lib/requests/records";
import { LocalTime } from "./local-time";

/** Decisions so far, each with the approver's reason, and how far the request is from its quorum. */
export function DecisionList({ request }: { request: RequestView }) {
  const approvals = new Set(request.decisions.filter((d) => d.kind === "approve").map((d) => d.approverId)).size;
  const percent = Math.min(100, Math.round((approvals / Math.max(1, request.quorum)) * 100));
  return (
    <div className="space-y-3">
      <div data-testid="quorum-progress" data-approvals={approvals} data-quorum={request.quorum}>
        <div className="flex items-baseline justify-between text-sm">
          <span className="font-medium text-slate-800">
            {approvals} of {request.quorum} approval{request.quorum === 1 ? "" : "s"}
          </span>
          {request.quorum > 1 && <span className="text-slate-500">each from a different approver</span>}
        </div>
        <div
          className="mt-1.5 h-2 overflow-hidden rounded-full bg-slate-200"
          role="progressbar"
          aria-label="Approvals"
          aria-valuemin={0}
          aria-valuemax={request.quorum}
          aria-valuenow={approvals}
        >
          <div className="h-full rounded-full bg-emerald-500" style={{ width: `${percent}%` }} />
        </div>
      </div>
      {request.decisions.length === 0 ? (
        <p className="text-sm text-slate-500">No decisions yet.</p>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-md border border-slate-200" data-testid="decisions">
          {request.decisions.map((d) => (
            <li key={d.approverId} className="px-3 py-2.5 text-sm" data-testid="decision" data-kind={d.kind}>
              <div className="flex flex-wrap items-baseline justify-between gap-2">
                <span>
                  <span className={d.kind === "approve" ? "font-semibold text-emerald-700" : "font-semibold text-red-700"}>
                    {d.kind === "approve" ? "Approved" : "Denied"}
                  </span>{" "}
                  by <span className="font-medium">{d.approverName}</span>
                </span>
                <LocalTime value={d.at} />
              </div>
              <p className="mt-1 text-slate-700" data-testid="decision-reason">
                “{d.reason}”
              </p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
