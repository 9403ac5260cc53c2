"use client";

import { useActionState, useState } from "react";
import { Alert } from "../../components/alert";
import { Button } from "../../components/button";
import { Field, Textarea } from "../../components/field";
import { idleForm } from "../../requests/_lib/form-state";
import { submitInPlace } from "../../requests/_lib/submit-in-place";
import { decideAction } from "../actions";

const REASON_MAX = 500;

/**
 * Approve / Deny, each a POST with a required reason. The emailed-link page passes `linkToken`, the inbox page
 * `requestId`; the server treats both the same way after checking where the form came from.
 */
export function DecisionForm({ csrf, linkToken, requestId, requesterName }: { csrf: string; linkToken?: string; requestId?: string; requesterName: string }) {
  const [state, formAction, isPending] = useActionState(decideAction, idleForm);
  const [reason, setReason] = useState("");
  return (
    <form action={formAction} onSubmit={submitInPlace(formAction)} noValidate className="space-y-4" data-testid="decision-form">
      <input type="hidden" name="csrf" value={csrf} />
      {linkToken && <input type="hidden" name="linkToken" value={linkToken} />}
      {requestId && <input type="hidden" name="requestId" value={requestId} />}
      {state.status === "error" && state.message && (
        <Alert tone="danger" title="Your decision was not recorded" data-testid="decision-error">
          {state.message}
        </Alert>
      )}
      <Field
        id="reason"
        label="Reason"
        required
        error={state.fields.reason ?? state.fields.decision}
        hint={`${requesterName} and the audit log will see it. ${reason.length}/${REASON_MAX}`}
      >
        {(p) => (
          <Textarea
            {...p}
            name="reason"
            rows={3}
            maxLength={REASON_MAX}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            placeholder="e.g. Matches incident INC-4711; rollback agreed in the on-call channel."
          />
        )}
      </Field>
      <div className="flex flex-wrap gap-3">
        <Button type="submit" name="decision" value="approve" disabled={isPending} className="min-w-32" data-testid="approve">
          {isPending ? "Sending…" : "Approve"}
        </Button>
        <Button type="submit" name="decision" value="deny" variant="danger" disabled={isPending} className="min-w-32" data-testid="deny">
          Deny
        </Button>
      </div>
      <p className="text-xs text-slate-500">Your decision is sent to Microsoft Entra PIM with your own sign-in; PIM then grants or refuses the access.</p>
    </form>
  );
}
