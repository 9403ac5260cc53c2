import type { ReactNode } from "react";
import { ButtonLink } from "../../components/button";
import { Card } from "../../components/card";

/**
 * The page for an approval link that cannot be used: says what is wrong in words, and what to do instead.
 * `reason` is the machine-readable kind (for tests and support), `title` and `children` the explanation.
 */
export function LinkRefusal({ reason, title, children }: { reason: string; title: string; children: ReactNode }) {
  return (
    <div className="mx-auto max-w-2xl pt-2 sm:pt-6">
      <Card data-testid="link-refused">
        <div className="space-y-4 py-2" data-reason={reason} data-testid="link-refused-reason">
          <div className="flex items-start gap-3">
            <span className="mt-0.5 flex h-9 w-9 shrink-0 items-center justify-center rounded-full bg-amber-100 text-amber-800" aria-hidden="true">
              !
            </span>
            <div className="min-w-0 space-y-2">
              <h1 className="text-xl font-semibold text-slate-900">{title}</h1>
              <div className="space-y-2 text-slate-700" data-testid="link-refused-message">
                {children}
              </div>
            </div>
          </div>
          <div className="flex flex-wrap gap-2 border-t border-slate-200 pt-4">
            <ButtonLink href="/approvals" variant="secondary">
              Open my approvals
            </ButtonLink>
            <ButtonLink href="/" variant="ghost">
              Home
            </ButtonLink>
          </div>
        </div>
      </Card>
    </div>
  );
}
