import Link from "next/link";
import { getCurrentUser } from "@/lib/auth/require-user";
import { ButtonAnchor, ButtonLink } from "./components/button";
import { Card } from "./components/card";
import { PageHeader } from "./components/page-header";

const actions = [
  { href: "/requests/new", title: "Request access", text: "Ask for time-boxed admin rights on a cluster, with a justification." },
  { href: "/requests", title: "My requests", text: "Follow your requests, see when access is active, end it early." },
  { href: "/approvals", title: "Approvals", text: "Approve or deny requests routed to you as an approver." },
  { href: "/history", title: "History", text: "Every request and decision, with the audit trail (auditors)." },
] as const;

export default async function HomePage() {
  const user = await getCurrentUser();

  if (!user) {
    return (
      <div className="mx-auto max-w-xl pt-6 sm:pt-12">
        <Card data-testid="landing">
          <div className="space-y-4 py-2">
            <h1 className="text-2xl font-semibold tracking-tight text-slate-900">Just-in-time admin access to AKS</h1>
            <p className="text-slate-600">
              Request temporary administrator rights on an Azure Kubernetes Service cluster, and an approver from your team
              confirms it before Microsoft Entra PIM grants it. Access ends by itself when the time you asked for is up, and
              every step is recorded.
            </p>
            <ButtonAnchor href="/api/auth/login?returnTo=%2F" data-testid="sign-in">
              Sign in with Microsoft
            </ButtonAnchor>
          </div>
        </Card>
      </div>
    );
  }

  return (
    <>
      <PageHeader
        title="Welcome"
        description={
<span data-testid="signed-in-as">{`Signed in as ${user.displayName} (${user.upn})`}</span>
        }
        actions={<ButtonLink href="/requests/new">Request access</ButtonLink>}
      />
      <ul className="grid gap-4 sm:grid-cols-2">
        {actions.map((a) => (
          <li key={a.href}>
            <Link
              href={a.href}
              className="block h-full rounded-lg border border-slate-200 bg-white p-5 text-slate-900 no-underline shadow-sm transition-colors hover:border-brand-300 hover:bg-brand-50/40 hover:no-underline"
            >
              <span className="block text-base font-semibold">{a.title}</span>
              <span className="mt-1 block text-sm text-slate-600">{a.text}</span>
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}
