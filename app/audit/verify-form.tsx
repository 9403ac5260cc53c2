"use client";

import { useActionState } from "react";
import { Alert } from "../components/alert";
import { Button } from "../components/button";
import { LocalTime } from "../components/local-time";
import { verifyAction, type VerifyState } from "./actions";

const reasons: Record<string, string> = {
  seq_gap: "an event before it is missing (deleted)",
  prev_hash_mismatch: "it does not follow the event before it (events deleted, inserted or reordered)",
  hash_mismatch: "its content no longer matches its hash (edited)",
};

const idle: VerifyState = { status: "idle" };

/** Runs the verification as a POST and shows its result in place. */
export function VerifyForm({ csrf }: { csrf: string }) {
  const [state, formAction, isPending] = useActionState(verifyAction, idle);
  return (
    <form action={formAction} className="space-y-4" data-testid="verify-form">
      <input type="hidden" name="csrf" value={csrf} />
      <Button type="submit" disabled={isPending} data-testid="verify-now">
        {isPending ? "Verifying…" : "Verify the audit log now"}
      </Button>
      <div aria-live="polite">
        {state.status === "error" && (
          <Alert tone="danger" title="Verification did not run" data-testid="verify-error">
            {state.message}
          </Alert>
        )}
        {state.status === "done" && state.report.ok && (
          <Alert tone="success" title="The audit log is intact" data-testid="verify-ok">
            Checked {state.report.checked.toLocaleString("en")} events in {state.report.seconds.toFixed(2)} s (
            {state.report.eventsPerSecond.toLocaleString("en")} events/s) at <LocalTime value={state.report.at} />. Chain head:{" "}
            <code className="break-all">{state.report.head}</code> — keep a copy elsewhere to detect removal of the newest events.
          </Alert>
        )}
        {state.status === "done" && !state.report.ok && (
          <Alert tone="danger" title={`The audit log is broken at event ${state.report.firstBroken?.seq ?? "?"}`} data-testid="verify-broken">
            Event {state.report.firstBroken?.seq} fails verification: {reasons[state.report.firstBroken?.reason ?? ""] ?? "unknown reason"}.{" "}
            {state.report.checked.toLocaleString("en")} events before it are intact (last good hash <code className="break-all">{state.report.head}</code>).
            Investigate before trusting anything recorded after it.
          </Alert>
        )}
      </div>
    </form>
  );
}
