import type { ReactNode } from "react";

export type AlertTone = "info" | "success" | "warning" | "danger";

const tones: Record<AlertTone, string> = {
  info: "border-brand-200 bg-brand-50 text-brand-900",
  success: "border-emerald-200 bg-emerald-50 text-emerald-900",
  warning: "border-amber-200 bg-amber-50 text-amber-900",
  danger: "border-red-200 bg-red-50 text-red-900",
};

/** A message box. Danger/warning are announced to screen readers (role="alert"); the others politely. */
export function Alert({
  tone = "info",
  title,
  children,
  ...rest
}: {
  tone?: AlertTone;
  title?: ReactNode;
  children?: ReactNode;
  "data-testid"?: string;
}) {
  return (
    <div role={tone === "danger" || tone === "warning" ? "alert" : "status"} className={`rounded-md border px-4 py-3 text-sm ${tones[tone]}`} {...rest}>
      {title && <p className="font-semibold">{title}</p>}
      {children && <div className={title ? "mt-1" : ""}>{children}</div>}
    </div>
  );
}
