"use client";

import { useActionState, useState, type ReactNode } from "react";
import { Alert } from "../../components/alert";
import { Button } from "../../components/button";
import { idleForm } from "../_lib/form-state";
import { submitInPlace } from "../_lib/submit-in-place";
import { cancelRequestAction, deactivateRequestAction } from "./actions";

function FormError({ message, testId }: { message?: string; testId: string }) {
  if (!message) return null;
  return (
    <Alert tone="danger" data-testid={testId}>
      {message}
    </Alert>
  );
}

/** "Cancel request" while it waits for approval; asks once more before it acts. */
export function CancelRequestForm({ requestId, csrf }: { requestId: string; csrf: string }) {
  const [state, formAction, isPending] = useActionState(cancelRequestAction, idleForm);
  const [isConfirming, setIsConfirming] = useState(false);
  return (
    <form action={formAction} onSubmit={submitInPlace(formAction)} className="space-y-3" data-testid="cancel-form">
      <input type="hidden" name="csrf" value={csrf} />
      <input type="hidden" name="requestId" value={requestId} />
      <FormError message={state.message} testId="cancel-error" />
      {isConfirming ? (
        <div className="flex flex-wrap items-center gap-2">
          <span className="text-sm text-slate-700">Withdraw this request? Approvers will be told it is no longer needed.</span>
          <Button type="submit" variant="danger" size="sm" disabled={isPending} data-testid="confirm-cancel">
            {isPending ? "Canceling…" : "Yes, cancel it"}
          </Button>
          <Button variant="ghost" size="sm" onClick={() => setIsConfirming(false)} disabled={isPending}>
            Keep it
          </Button>
        </div>
      ) : (
        <Button variant="secondary" onClick={() => setIsConfirming(true)} data-testid="cancel-request">
          Cancel request
        </Button>
      )}
    </form>
  );
}

/**
 * "End access now", with the option to also revoke the requester's sign-in sessions. Inside PIM's first five
 * minutes the page says the end will be scheduled, and when.
 */
export function DeactivateForm({
  requestId,
  csrf,
  scheduledNote,
}: {
  requestId: string;
  csrf: string;
  /** Set when PIM would refuse an end right now: explains the scheduled end. */
  scheduledNote: ReactNode | null;
}) {
  const [state, formAction, isPending] = useActionState(deactivateRequestAction, idleForm);
  return (
    <form action={formAction} onSubmit={submitInPlace(formAction)} className="space-y-3" data-testid="deactivate-form">
      <input type="hidden" name="csrf" value={csrf} />
      <input type="hidden" name="requestId" value={requestId} />
      <FormError message={state.message} testId="deactivate-error" />
      {scheduledNote && (
        <Alert tone="info" data-testid="deactivate-floor-note">
          {scheduledNote}
        </Alert>
      )}
      <label className="flex items-start gap-2 text-sm text-slate-700">
        <input type="checkbox" name="revokeSessions" className="mt-0.5 h-4 w-4 accent-brand-600" data-testid="revoke-sessions" />
        <span>
          Also sign me out everywhere (revoke my Microsoft sign-in sessions). Use this if you suspect a token leaked: it signs you out of
          every Microsoft app, but it does not cut a kubectl token that was already issued.
        </span>
      </label>
      <Button type="submit" variant="danger" disabled={isPending} data-testid="deactivate">
        {isPending ? "Ending…" : scheduledNote ? "End access as soon as PIM allows" : "End access now"}
      </Button>
    </form>
  );
}
