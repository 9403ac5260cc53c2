import type { Metadata } from "next";
import Link from "next/link";
import { csrfToken } from "@/lib/auth/csrf";
import { requireAuditor } from "@/lib/auth/require-auditor";
import { db } from "@/lib/db/client";
import { lastVerification } from "@/lib/history/run-verification";
import { Card } from "../components/card";
import { LocalTime } from "../components/local-time";
import { PageHeader } from "../components/page-header";
import { VERIFY_CSRF_PURPOSE } from "./csrf-purpose";
import { VerifyForm } from "./verify-form";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage() {
  const auditor = await requireAuditor("/audit");
  const last = await lastVerification(db);
  return (
    <>
      <PageHeader
        title="Audit log verification"
        description="Every audit event carries the hash of the event before it, so editing, deleting or reordering any stored event breaks the chain from that event on. Verification recomputes every hash."
        actions={<Link href="/history">← History</Link>}
      />
      <div className="space-y-6">
        <Card title="Verify now" description="Reads the whole log in order; on a large log this takes a while. The run itself is recorded in the log.">
          <VerifyForm csrf={csrfToken(auditor, VERIFY_CSRF_PURPOSE)} />
        </Card>
        <Card title="Last recorded verification">
          {last ? (
            <p className="text-sm text-slate-700" data-testid="last-verification">
              <LocalTime value={last.at} /> by {last.by ?? "unknown"}: {last.ok ? "intact" : "BROKEN"}, {last.checked.toLocaleString("en")} events checked.
            </p>
          ) : (
            <p className="text-sm text-slate-500">Nobody has verified the log from this page yet.</p>
          )}
          <p className="mt-3 text-xs text-slate-500">
            Operators can run the same check from a shell: <code>npm run audit:verify</code> (exit code 1 when broken).
          </p>
        </Card>
      </div>
    </>
  );
}
