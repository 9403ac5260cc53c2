"use client";

import { Button, ButtonLink } from "./components/button";
import { Card } from "./components/card";

/** Unexpected failures: never the message or stack (production hides them anyway); the digest matches the server log. */
export default function ErrorPage({ error, retry }: { error: unknown; retry: () => void }) {
  const digest = error instanceof Error && "digest" in error && typeof error.digest === "string" ? error.digest : undefined;
  return (
    <div className="mx-auto max-w-xl pt-6">
      <Card data-testid="error-page">
        <div className="space-y-3 py-2">
          <h1 className="text-xl font-semibold text-slate-900">Something went wrong</h1>
          <p className="text-slate-600">The page could not be shown. Nothing was changed. Try again, and if it keeps failing, contact your administrator.</p>
          {digest && (
            <p className="text-sm text-slate-500">
              Reference: <code data-testid="error-digest">{digest}</code>
            </p>
          )}
          <div className="flex flex-wrap gap-2 pt-1">
            <Button onClick={() => retry()}>Try again</Button>
            <ButtonLink href="/" variant="secondary">
              Back to home
            </ButtonLink>
          </div>
        </div>
      </Card>
    </div>
  );
}
