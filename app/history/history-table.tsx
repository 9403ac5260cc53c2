import Link from "next/link";
import { describeMinutes } from "@/lib/entra/iso-duration";
import type { HistoryRow } from "@/lib/history/query";
import { LocalTime } from "../components/local-time";
import { StatusBadge } from "../components/status-badge";

function Deciders({ row }: { row: HistoryRow }) {
  if (row.decisions.length === 0) return null;
  return (
    <ul className="mt-1 text-xs" aria-label="Decided by">
      {row.decisions.map((d) => (
        <li key={d.approverId} className={d.kind === "deny" ? "text-red-700" : "text-slate-600"}>
          {d.kind === "deny" ? "denied by " : "approved by "}
          {d.approverUpn}
        </li>
      ))}
    </ul>
  );
}

export function HistoryTable({ rows }: { rows: HistoryRow[] }) {
  return (
    <div className="-mx-5 -my-4 overflow-x-auto">
      <table className="w-full text-left text-sm" data-testid="history-table">
        <caption className="sr-only">Requests matching the filters</caption>
        <thead className="border-b border-slate-200 bg-slate-50 text-xs font-medium tracking-wide text-slate-500 uppercase">
          <tr>
            <th scope="col" className="px-4 py-2">Request</th>
            <th scope="col" className="px-4 py-2">Requester</th>
            <th scope="col" className="px-4 py-2">Target</th>
            <th scope="col" className="px-4 py-2">Status and decision</th>
            <th scope="col" className="px-4 py-2">Justification</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200">
          {rows.map((r) => (
            <tr key={r.id} className="align-top hover:bg-slate-50" data-testid="history-row" data-request-id={r.id}>
              <td className="px-4 py-3 whitespace-nowrap">
                <Link href={`/history/${r.id}`} className="font-medium">
                  #{r.number}
                </Link>
                <span className="block text-xs text-slate-600">
                  <LocalTime value={r.submittedAt} />
                </span>
                <span className="block text-xs text-slate-500">{describeMinutes(r.durationMinutes)}</span>
              </td>
              <td className="px-4 py-3">
                {r.requester.displayName}
                <span className="block text-xs text-slate-500">{r.requester.upn}</span>
              </td>
              <td className="px-4 py-3">{r.target.displayName}</td>
              <td className="px-4 py-3">
                <StatusBadge status={r.status} />
                <Deciders row={r} />
              </td>
              <td className="px-4 py-3">
                <span className="line-clamp-2 min-w-48 text-slate-700" title={r.justification}>
                  {r.justification}
                </span>
                {r.ticketNumber && <span className="block text-xs text-slate-500">Ticket {r.ticketNumber}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
