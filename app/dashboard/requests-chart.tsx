import type { DayCount, Outcome } from "@/lib/dashboard/requests-per-day";
import { outcomes } from "@/lib/dashboard/requests-per-day";
import { niceTicks } from "./chart-scale";

export const outcomeLook: Record<Outcome, { label: string; color: string }> = {
  granted: { label: "Granted", color: "#059669" },
  denied: { label: "Denied", color: "#dc2626" },
  canceled: { label: "Cancelled", color: "#94a3b8" },
  timed_out: { label: "Timed out", color: "#ea580c" },
  failed: { label: "Failed", color: "#7c3aed" },
  open: { label: "Still open", color: "#f59e0b" },
};

const W = 760;
const H = 280;
const M = { top: 12, right: 12, bottom: 44, left: 52 };

/** Stacked bars, one per UTC day; every segment has a <title> (hover and screen readers), the table below has the numbers. */
export function RequestsChart({ days }: { days: DayCount[] }) {
  const max = Math.max(0, ...days.map((d) => d.total));
  const ticks = niceTicks(max);
  const top = ticks[ticks.length - 1] ?? 1;
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const slot = plotW / Math.max(days.length, 1);
  const barW = Math.max(2, slot * 0.72);
  const y = (v: number) => M.top + plotH - (v / top) * plotH;
  const total = days.reduce((s, d) => s + d.total, 0);

  return (
    <figure className="space-y-3">
      <svg viewBox={`0 0 ${W} ${H}`} className="h-auto w-full" role="img" aria-labelledby="rpd-title rpd-desc" data-testid="requests-chart">
        <title id="rpd-title">Requests per day, last {days.length} days, by outcome</title>
        <desc id="rpd-desc">
          {total} requests from {days[0]?.day} to {days[days.length - 1]?.day} (UTC days), stacked by outcome.
        </desc>
        {ticks.map((t) => (
          <g key={t}>
            <line x1={M.left} x2={W - M.right} y1={y(t)} y2={y(t)} stroke="#e2e8f0" />
            <text x={M.left - 8} y={y(t)} dy="0.32em" textAnchor="end" fontSize="11" fill="#64748b">
              {t}
            </text>
          </g>
        ))}
        <text transform={`translate(14 ${M.top + plotH / 2}) rotate(-90)`} textAnchor="middle" fontSize="11" fill="#475569">
          Requests
        </text>
        {days.map((d, i) => {
          const x = M.left + i * slot + (slot - barW) / 2;
          let base = 0;
          return (
            <g key={d.day} data-day={d.day}>
              {outcomes.map((o) => {
                const n = d.counts[o];
                if (n === 0) return null;
                const y0 = y(base);
                base += n;
                return (
                  <rect key={o} x={x} y={y(base)} width={barW} height={Math.max(0, y0 - y(base))} fill={outcomeLook[o].color}>
                    <title>{`${d.day}: ${n} ${outcomeLook[o].label.toLowerCase()} (of ${d.total})`}</title>
                  </rect>
                );
              })}
              {(i % 5 === 0 || i === days.length - 1) && (
                <text x={x + barW / 2} y={H - M.bottom + 16} textAnchor="middle" fontSize="11" fill="#64748b">
                  {d.day.slice(5)}
                </text>
              )}
            </g>
          );
        })}
        <line x1={M.left} x2={W - M.right} y1={y(0)} y2={y(0)} stroke="#94a3b8" />
        <text x={M.left + plotW / 2} y={H - 6} textAnchor="middle" fontSize="11" fill="#475569">
          Day submitted (UTC, month-day)
        </text>
      </svg>
      <figcaption>
        <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600">
          {outcomes.map((o) => (
            <li key={o} className="inline-flex items-center gap-1.5">
              <span className="inline-block h-3 w-3 rounded-sm" style={{ backgroundColor: outcomeLook[o].color }} aria-hidden="true" />
              {outcomeLook[o].label}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}

/** The chart's numbers as a table, for screen readers and for copying. */
export function RequestsTable({ days }: { days: DayCount[] }) {
  return (
    <details className="text-sm">
      <summary className="cursor-pointer text-slate-600">Show the numbers</summary>
      <div className="mt-2 max-h-80 overflow-auto">
        <table className="w-full text-left text-xs" data-testid="requests-table">
          <thead className="sticky top-0 bg-slate-50 text-slate-500">
            <tr>
              <th scope="col" className="px-2 py-1">Day (UTC)</th>
              {outcomes.map((o) => (
                <th key={o} scope="col" className="px-2 py-1 text-right">
                  {outcomeLook[o].label}
                </th>
              ))}
              <th scope="col" className="px-2 py-1 text-right">Total</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {days.map((d) => (
              <tr key={d.day}>
                <th scope="row" className="px-2 py-1 font-normal">{d.day}</th>
                {outcomes.map((o) => (
                  <td key={o} className="px-2 py-1 text-right tabular-nums">
                    {d.counts[o]}
                  </td>
                ))}
                <td className="px-2 py-1 text-right font-medium tabular-nums">{d.total}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
