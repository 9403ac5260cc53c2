import type { Metadata } from "next";
import { requireAuditor } from "@/lib/auth/require-auditor";
import { runDoctor } from "@/lib/doctor/run-doctor";
import type { CheckResult } from "@/lib/doctor/types";
import { Alert } from "../../components/alert";
import { ButtonLink } from "../../components/button";
import { Card } from "../../components/card";
import { PageHeader } from "../../components/page-header";
import { CheckList } from "./check-list";

export const metadata: Metadata = { title: "Setup check" };
export const dynamic = "force-dynamic";

function byTarget(results: readonly CheckResult[]): { key: string; title: string; description: string; results: CheckResult[] }[] {
  const groups = new Map<string, { key: string; title: string; description: string; results: CheckResult[] }>();
  for (const r of results) {
    const key = r.target?.id ?? "";
    const group = groups.get(key) ?? {
      key,
      title: r.target ? r.target.displayName : "App registration and mailbox",
      description: r.target ? `Target ${r.target.id}: PIM policy, approver group, Azure roles and cluster` : "Graph permissions of the app and the service mailbox",
      results: [],
    };
    group.results.push(r);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** The setup check for auditors: the same report as `npm run doctor`, run live with the app's own credentials. */
export default async function SetupCheckPage() {
  await requireAuditor("/admin/setup");
  const report = await runDoctor();
  const { pass, warn, fail } = report.summary;
  return (
    <>
      <PageHeader
        title="Setup check"
        description="Verifies the PIM policy, the approver group, the Azure role assignments and the cluster configuration, using the app's own permissions. It runs each time this page loads and changes nothing."
        actions={<ButtonLink href="/admin/setup">Run again</ButtonLink>}
      />
      <div className="mb-6" data-testid="setup-summary" data-healthy={report.isHealthy}>
        {fail > 0 ? (
          <Alert tone="danger" title={`${fail} check${fail === 1 ? "" : "s"} failed`}>
            The deployment is not safe or not working as configured. Each failed check says how to fix it.
          </Alert>
        ) : warn > 0 ? (
          <Alert tone="warning" title={`All checks passed, ${warn} with a warning`}>
            Nothing is broken; the warnings point at risks worth a decision.
          </Alert>
        ) : (
          <Alert tone="success" title="All checks passed" />
        )}
        <p className="mt-2 text-xs text-slate-500">
          {pass} passed · {warn} warning{warn === 1 ? "" : "s"} · {fail} failed · tenant {report.tenantId} · app {report.clientId} · checked{" "}
          <time dateTime={report.generatedAt}>{report.generatedAt.replace("T", " ").slice(0, 19)} UTC</time>
        </p>
      </div>
      <div className="space-y-6">
        {byTarget(report.results).map((group) => (
          <Card key={group.key} title={group.title} description={group.description} data-testid="setup-group">
            <CheckList results={group.results} />
          </Card>
        ))}
      </div>
    </>
  );
}
