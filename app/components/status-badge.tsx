import type { RequestStatus } from "@/lib/generated/prisma/enums";

/** Request states (design.md §3), exactly the `request_status` enum of prisma/schema.prisma. */
export type RequestStatusName = RequestStatus;

const look: Record<RequestStatusName, { label: string; className: string }> = {
  submitted: { label: "Submitted", className: "bg-slate-100 text-slate-700 ring-slate-300" },
  pending_approval: { label: "Pending approval", className: "bg-amber-50 text-amber-800 ring-amber-300" },
  approved: { label: "Approved", className: "bg-brand-50 text-brand-800 ring-brand-300" },
  active: { label: "Active", className: "bg-emerald-50 text-emerald-800 ring-emerald-300" },
  expired: { label: "Expired", className: "bg-slate-100 text-slate-600 ring-slate-300" },
  deactivated: { label: "Deactivated", className: "bg-slate-100 text-slate-600 ring-slate-300" },
  denied: { label: "Denied", className: "bg-red-50 text-red-800 ring-red-300" },
  canceled: { label: "Canceled", className: "bg-slate-100 text-slate-600 ring-slate-300" },
  failed: { label: "Failed", className: "bg-red-50 text-red-800 ring-red-300" },
  timed_out: { label: "Timed out", className: "bg-orange-50 text-orange-800 ring-orange-300" },
};

export function requestStatusLabel(status: RequestStatusName): string {
  return look[status].label;
}

/** A coloured pill with the state's name in words (colour is never the only signal). */
export function StatusBadge({ status }: { status: RequestStatusName }) {
  const { label, className } = look[status];
  return (
    <span
      className={`inline-flex items-center rounded-full px-2.5 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset ${className}`}
      data-testid="status-badge"
      data-status={status}
    >
      {label}
    </span>
  );
}
