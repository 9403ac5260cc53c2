import type { TimelineEntry } from "@/lib/history/timeline";
import { LocalTime } from "../../components/local-time";

function show(value: unknown): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

/** Every audit event of the request, in chain order, with exactly what was recorded. */
export function AuditTrail({ events }: { events: TimelineEntry[] }) {
  return (
    <div className="-mx-5 -my-4 overflow-x-auto">
      <table className="w-full text-left text-sm" data-testid="audit-trail">
        <caption className="sr-only">Audit events of this request</caption>
        <thead className="border-b border-slate-200 bg-slate-50 text-xs font-medium tracking-wide text-slate-500 uppercase">
          <tr>
            <th scope="col" className="px-4 py-2">Seq</th>
            <th scope="col" className="px-4 py-2">Time</th>
            <th scope="col" className="px-4 py-2">Event</th>
            <th scope="col" className="px-4 py-2">Actor</th>
            <th scope="col" className="px-4 py-2">Details</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200">
          {events.map((e) => (
            <tr key={e.seq} className="align-top" data-testid="audit-event" data-action={e.action}>
              <td className="px-4 py-3 font-mono text-xs whitespace-nowrap text-slate-500" title={`hash ${e.hash}`}>
                {e.seq}
              </td>
              <td className="px-4 py-3 whitespace-nowrap">
                <LocalTime value={e.at} style="time" />
                <span className="block text-xs text-slate-500">
                  <LocalTime value={e.at} style="date" />
                </span>
              </td>
              <td className="px-4 py-3">
                <code className="text-xs">{e.action}</code>
              </td>
              <td className="max-w-[16rem] px-4 py-3">
                {e.actor.name ?? e.actor.id ?? e.actor.type}
                <span className="block text-xs break-all text-slate-500">
                  {e.actor.type}
                  {e.actor.id && e.actor.name ? ` · ${e.actor.id}` : ""}
                </span>
                {e.ip && <span className="block text-xs text-slate-500">from {e.ip}</span>}
                {e.userAgent && (
                  <span className="block max-w-[14rem] truncate text-xs text-slate-400" title={e.userAgent}>
                    {e.userAgent}
                  </span>
                )}
              </td>
              <td className="px-4 py-3">
                <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-xs">
                  {Object.entries(e.data).map(([k, v]) => (
                    <div key={k} className="contents">
                      <dt className="text-slate-500">{k}</dt>
                      <dd className="break-all text-slate-800">{show(v)}</dd>
                    </div>
                  ))}
                </dl>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
