import type { WaitTimes } from "@/lib/dashboard/durations";
import { describeSeconds, niceTicks } from "./chart-scale";

const W = 760;
const ROW = 34;
const M = { top: 8, right: 90, bottom: 40, left: 190 };

/** Horizontal bars for the median and 90th percentile of both waits, on one minutes axis. */
export function WaitChart({ waits }: { waits: WaitTimes }) {
  const rows = [
    { label: "Time to decision, median", value: waits.decision.p50, color: "#2563eb" },
    { label: "Time to decision, p90", value: waits.decision.p90, color: "#93c5fd" },
    { label: "Time to activation, median", value: waits.activation.p50, color: "#059669" },
    { label: "Time to activation, p90", value: waits.activation.p90, color: "#6ee7b7" },
  ];
  const maxMinutes = Math.max(0, ...rows.map((r) => (r.value ?? 0) / 60));
  const ticks = niceTicks(maxMinutes);
  const top = ticks[ticks.length - 1] ?? 1;
  const H = M.top + rows.length * ROW + M.bottom;
  const plotW = W - M.left - M.right;
  const x = (minutes: number) => M.left + (minutes / top) * plotW;

  return (
    <svg viewBox={`0 0 ${W} ${H}`} className="h-auto w-full" role="img" aria-labelledby="wait-title wait-desc" data-testid="wait-chart">
      <title id="wait-title">Waiting times over the last {waits.period} days</title>
      <desc id="wait-desc">
        {rows.map((r) => `${r.label}: ${describeSeconds(r.value)}`).join("; ")}.
      </desc>
      {ticks.map((t) => (
        <g key={t}>
          <line x1={x(t)} x2={x(t)} y1={M.top} y2={H - M.bottom} stroke="#e2e8f0" />
          <text x={x(t)} y={H - M.bottom + 16} textAnchor="middle" fontSize="11" fill="#64748b">
            {t}
          </text>
        </g>
      ))}
      <text x={M.left + plotW / 2} y={H - 6} textAnchor="middle" fontSize="11" fill="#475569">
        Minutes after submission
      </text>
      {rows.map((r, i) => {
        const yMid = M.top + i * ROW + ROW / 2;
        const w = r.value === null ? 0 : x(r.value / 60) - M.left;
        return (
          <g key={r.label}>
            <text x={M.left - 10} y={yMid} dy="0.32em" textAnchor="end" fontSize="12" fill="#334155">
              {r.label}
            </text>
            <rect x={M.left} y={yMid - 10} width={Math.max(0, w)} height={20} rx={3} fill={r.color}>
              <title>{`${r.label}: ${describeSeconds(r.value)}`}</title>
            </rect>
            <text x={M.left + Math.max(0, w) + 6} y={yMid} dy="0.32em" fontSize="12" fill="#0f172a">
              {describeSeconds(r.value)}
            </text>
          </g>
        );
      })}
      <line x1={M.left} x2={M.left} y1={M.top} y2={H - M.bottom} stroke="#94a3b8" />
    </svg>
  );
}
