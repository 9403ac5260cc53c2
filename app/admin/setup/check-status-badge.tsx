import type { CheckStatus } from "@/lib/doctor/types";

const look: Record<CheckStatus, { label: string; icon: string; className: string }> = {
  pass: { label: "Pass", icon: "✔", className: "bg-emerald-50 text-emerald-800 ring-emerald-300" },
  warn: { label: "Warning", icon: "!", className: "bg-amber-50 text-amber-800 ring-amber-300" },
  fail: { label: "Failed", icon: "✘", className: "bg-red-50 text-red-800 ring-red-300" },
};

/** A pill with the outcome in words (colour is never the only signal), styled like the request StatusBadge. */
export function CheckStatusBadge({ status }: { status: CheckStatus }) {
  const { label, icon, className } = look[status];
  return (
    <span
      className={`inline-flex items-center gap-1 rounded-full px-2.5 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset ${className}`}
      data-testid="check-status"
      data-status={status}
    >
      <span aria-hidden="true">{icon}</span>
      {label}
    </span>
  );
}
