import type { ReactNode } from "react";

/** A white panel. With a title it becomes a labelled region (its heading names it for screen readers). */
export function Card({
  title,
  description,
  actions,
  footer,
  children,
  className = "",
  headingLevel = 2,
  ...rest
}: {
  title?: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  footer?: ReactNode;
  children?: ReactNode;
  className?: string;
  headingLevel?: 2 | 3;
  "data-testid"?: string;
}) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <section className={`rounded-lg border border-slate-200 bg-white shadow-sm ${className}`} {...rest}>
      {(title || actions) && (
        <header className="flex flex-wrap items-start justify-between gap-3 border-b border-slate-200 px-5 py-4">
          <div className="min-w-0">
            {title && <Heading className="text-base font-semibold text-slate-900">{title}</Heading>}
            {description && <p className="mt-1 text-sm text-slate-600">{description}</p>}
          </div>
          {actions && <div className="flex shrink-0 items-center gap-2">{actions}</div>}
        </header>
      )}
      {children !== undefined && <div className="px-5 py-4">{children}</div>}
      {footer && <footer className="flex flex-wrap items-center gap-3 rounded-b-lg border-t border-slate-200 bg-slate-50 px-5 py-3">{footer}</footer>}
    </section>
  );
}
