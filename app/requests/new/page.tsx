import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { csrfToken } from "@/lib/auth/csrf";
import { loginUrl, requireUser, type CurrentUser } from "@/lib/auth/require-user";
import { isAppError } from "@/lib/errors";
import { appDeps } from "@/lib/requests/deps";
import { listRequestableTargets, type RequestableTargets } from "@/lib/requests/list-requestable-targets";
import { Alert } from "../../components/alert";
import { ButtonLink } from "../../components/button";
import { Card } from "../../components/card";
import { PageHeader } from "../../components/page-header";
import { csrfPurpose } from "../_lib/csrf-purposes";
import { RequestForm } from "./request-form";

export const metadata: Metadata = { title: "Request access" };

const PATH = "/requests/new";

async function requestable(user: CurrentUser): Promise<RequestableTargets> {
  try {
    return await listRequestableTargets(appDeps(), { user });
  } catch (e) {
    if (isAppError(e) && e.code === "reauth_required") redirect(loginUrl(PATH));
    throw e;
  }
}

export default async function NewRequestPage() {
  const user = await requireUser(PATH);
  const { targets, unavailable } = await requestable(user);

  return (
    <>
      <PageHeader
        title="Request access"
        description="Ask for time-boxed admin rights on a cluster. An approver from your team decides, then Microsoft Entra PIM adds you to the admin group until the time is up."
      />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_18rem]">
        <div className="space-y-4">
          {unavailable.map((u) => (
            <Alert key={u.id} tone="warning" title={`${u.displayName} could not be checked`} data-testid="target-unavailable">
              {u.message}
            </Alert>
          ))}
          {targets.length === 0 ? (
            <Card data-testid="no-eligible-targets">
              <div className="space-y-3 py-2">
                <h2 className="text-lg font-semibold text-slate-900">Nothing to request</h2>
                <p className="text-slate-600">
                  PIM lists no admin access you are eligible for. Eligibility is granted in Microsoft Entra PIM by your administrators —
                  usually through membership of your team&apos;s engineering group. Ask them if you think this is wrong.
                </p>
                <ButtonLink href="/requests" variant="secondary">
                  See my requests
                </ButtonLink>
              </div>
            </Card>
          ) : (
            <Card>
              <RequestForm targets={targets} csrf={csrfToken(user, csrfPurpose.submit)} />
            </Card>
          )}
        </div>
        <aside className="space-y-4 text-sm text-slate-600" aria-label="How it works">
          <Card title="How it works" headingLevel={2}>
            <ol className="list-decimal space-y-2 pl-5">
              <li>You submit; PIM records the activation and waits for approval.</li>
              <li>Approvers get an email with a link to this request.</li>
              <li>Once approved, PIM adds you to the admin group and the request page shows the commands to use it.</li>
              <li>Access ends by itself at the end of the time you chose, or earlier if you end it.</li>
            </ol>
          </Card>
        </aside>
      </div>
    </>
  );
}
