import type { Metadata } from "next";
import { describeSignInError } from "@/lib/auth/sign-in-error";
import { ButtonAnchor, ButtonLink } from "../../components/button";
import { Card } from "../../components/card";

export const metadata: Metadata = { title: "Sign-in problem" };

const correlationFormat = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Shows a sign-in failure from a fixed table keyed by `code`; nothing from the URL is rendered as prose. */
export default async function SignInErrorPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const view = describeSignInError(params.code);
  const correlationId = typeof params.correlationId === "string" && correlationFormat.test(params.correlationId) ? params.correlationId : null;
  return (
    <div className="mx-auto max-w-xl pt-6">
      <Card data-testid="auth-error">
        <div className="space-y-3 py-2">
          <h1 className="text-xl font-semibold text-slate-900">{view.title}</h1>
          <p className="text-slate-700" data-testid="auth-error-message">
            {view.message}
          </p>
          <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm text-slate-500">
            <dt>Error code</dt>
            <dd>
              <code data-testid="auth-error-code">{view.code}</code>
            </dd>
            {correlationId && (
              <>
                <dt>Correlation ID</dt>
                <dd>
                  <code data-testid="auth-error-correlation-id">{correlationId}</code>
                </dd>
              </>
            )}
          </dl>
          <div className="flex flex-wrap gap-2 pt-1">
            {view.canRetry && (
              <ButtonAnchor href="/api/auth/login?returnTo=%2F" data-testid="sign-in">
                Sign in again
              </ButtonAnchor>
            )}
            <ButtonLink href="/" variant="secondary">
              Back to home
            </ButtonLink>
          </div>
        </div>
      </Card>
    </div>
  );
}
