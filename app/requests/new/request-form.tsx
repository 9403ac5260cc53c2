"use client";

import Link from "next/link";
import { useActionState, useState } from "react";
import type { RequestableTarget } from "@/lib/requests/list-requestable-targets";
import { Alert } from "../../components/alert";
import { Button, ButtonLink } from "../../components/button";
import { Field, Input, Textarea } from "../../components/field";
import { requestStatusLabel } from "../../components/status-badge";
import { idleForm } from "../_lib/form-state";
import { submitInPlace } from "../_lib/submit-in-place";
import { submitRequestAction } from "./actions";
import { durationPresets, effectiveWindow, shortDuration } from "./duration-presets";

const JUSTIFICATION_MAX = 500;
const JUSTIFICATION_MIN = 10;

function firstOpenTarget(targets: readonly RequestableTarget[]): RequestableTarget | undefined {
  return targets.find((t) => !t.openRequest) ?? targets[0];
}

/** The request form. Errors come back from the server action and render next to their field. */
export function RequestForm({ targets, csrf }: { targets: RequestableTarget[]; csrf: string }) {
  const [state, formAction, isPending] = useActionState(submitRequestAction, idleForm);
  const initial = firstOpenTarget(targets);
  const [targetId, setTargetId] = useState(initial?.id ?? "");
  const target = targets.find((t) => t.id === targetId) ?? initial;
  const [duration, setDuration] = useState(initial?.defaultDurationMinutes ?? 60);
  const [justification, setJustification] = useState("");
  const [ticketNumber, setTicketNumber] = useState("");
  const [ticketSystem, setTicketSystem] = useState("");
  if (!target) return null;

  const presets = durationPresets(target.maxDurationMinutes, target.defaultDurationMinutes);
  const chosen = presets.includes(duration) ? duration : target.defaultDurationMinutes;
  const errors = state.fields;
  const remaining = JUSTIFICATION_MAX - justification.length;
  const isBlocked = target.openRequest !== null;

  const chooseTarget = (t: RequestableTarget) => {
    setTargetId(t.id);
    setDuration(t.defaultDurationMinutes);
  };

  return (
    <form action={formAction} onSubmit={submitInPlace(formAction)} noValidate className="space-y-6" data-testid="request-form">
      <input type="hidden" name="csrf" value={csrf} />
      {state.status === "error" && state.message && (
        <Alert tone="danger" title="The request was not sent" data-testid="form-error">
          {state.message}
        </Alert>
      )}

      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-slate-800">Access</legend>
        <div className="grid gap-3 sm:grid-cols-2">
          {targets.map((t) => {
            const isChecked = t.id === target.id;
            return (
              <label
                key={t.id}
                className={
                  "relative flex cursor-pointer gap-3 rounded-lg border bg-white p-4 shadow-sm transition-colors has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-brand-600 " +
                  (isChecked ? "border-brand-600 ring-1 ring-brand-600" : "border-slate-200 hover:border-slate-300")
                }
                data-testid="target-option"
                data-target-id={t.id}
              >
                <input
                  type="radio"
                  name="targetId"
                  value={t.id}
                  checked={isChecked}
                  onChange={() => chooseTarget(t)}
                  className="mt-1 h-4 w-4 accent-brand-600"
                  aria-describedby={`target-${t.id}-details`}
                />
                <span className="min-w-0">
                  <span className="block font-semibold text-slate-900">{t.displayName}</span>
                  <span id={`target-${t.id}-details`} className="mt-0.5 block text-sm text-slate-600">
                    Cluster <code>{t.cluster.name}</code> in <code>{t.cluster.resourceGroup}</code>
                    <br />
                    Up to {shortDuration(t.maxDurationMinutes)} · {t.quorum > 1 ? `${t.quorum} approvals needed` : "1 approval needed"}
                    {t.isMfaRequired ? " · MFA" : ""}
                  </span>
                  {t.openRequest && (
                    <span className="mt-2 block text-sm text-amber-800" data-testid="target-open-request">
                      You already have request #{t.openRequest.number} ({requestStatusLabel(t.openRequest.status).toLowerCase()}).{" "}
                      <Link href={`/requests/${t.openRequest.id}`}>Open it</Link>
                    </span>
                  )}
                </span>
              </label>
            );
          })}
        </div>
        {errors.targetId && (
          <p className="text-sm font-medium text-red-700" data-testid="targetId-error">
            {errors.targetId}
          </p>
        )}
      </fieldset>

      <fieldset className="space-y-2" aria-describedby="duration-hint">
        <legend className="text-sm font-medium text-slate-800">Duration</legend>
        <div className="flex flex-wrap gap-2" data-testid="duration-presets">
          {presets.map((m) => (
            <label
              key={m}
              className={
                "cursor-pointer rounded-md border px-4 py-2 text-sm font-medium shadow-sm has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-brand-600 " +
                (m === chosen ? "border-brand-600 bg-brand-600 text-white" : "border-slate-300 bg-white text-slate-800 hover:bg-slate-50")
              }
              data-testid="duration-option"
              data-minutes={m}
            >
              <input type="radio" name="durationMinutes" value={m} checked={m === chosen} onChange={() => setDuration(m)} className="sr-only" />
              {shortDuration(m)}
            </label>
          ))}
        </div>
        <p id="duration-hint" className="text-sm text-slate-500">
          At most {shortDuration(target.maxDurationMinutes)} for this access (the stricter of the PIM policy and this app&apos;s limit).
        </p>
        {errors.durationMinutes && (
          <p className="text-sm font-medium text-red-700" data-testid="durationMinutes-error">
            {errors.durationMinutes}
          </p>
        )}
      </fieldset>

      <Alert tone="warning" title="Access lasts longer than the time you choose" data-testid="token-tail-notice">
        Kubernetes tokens cannot be revoked. A token your tools fetch while the access is active keeps working for about 60–90 minutes
        after it ends, even if you end it early. With {shortDuration(chosen)}, plan for up to <strong>{effectiveWindow(chosen)}</strong> of
        effective admin access.
      </Alert>

      <Field
        id="justification"
        label="Justification"
        required
        error={errors.justification}
        hint={
          <span className="flex items-start gap-4">
            <span className="min-w-0 flex-1">
              What you will do and why. Approvers decide on this text{target.isJustificationRequired ? " and PIM requires it" : ""}; at least{" "}
              {JUSTIFICATION_MIN} characters.
            </span>
            <span className={`shrink-0 tabular-nums ${remaining < 50 ? "font-medium text-amber-700" : ""}`} data-testid="justification-counter" aria-live="polite">
              {justification.length}/{JUSTIFICATION_MAX}
            </span>
          </span>
        }
      >
        {(p) => (
          <Textarea
            {...p}
            name="justification"
            rows={4}
            maxLength={JUSTIFICATION_MAX}
            value={justification}
            onChange={(e) => setJustification(e.target.value)}
            placeholder="e.g. Roll back the ingress-nginx upgrade that broke TLS on api.contoso.example (INC-4711)"
          />
        )}
      </Field>

      <Field
        id="ticketNumber"
        label={target.isTicketRequired ? "Ticket number" : "Ticket number (optional)"}
        required={target.isTicketRequired}
        error={errors.ticketNumber}
        hint={target.isTicketRequired ? "The PIM policy of this access requires a ticket." : "An incident or change ticket, if there is one."}
      >
        {(p) => (
          <Input
            {...p}
            name="ticketNumber"
            maxLength={64}
            autoComplete="off"
            value={ticketNumber}
            onChange={(e) => setTicketNumber(e.target.value)}
            placeholder="INC-4711"
            className="sm:max-w-xs"
          />
        )}
      </Field>

      <Field id="ticketSystem" label="Ticket system (optional)" error={errors.ticketSystem} hint="Where the ticket lives, e.g. ServiceNow or Jira.">
        {(p) => (
          <Input
            {...p}
            name="ticketSystem"
            maxLength={32}
            autoComplete="off"
            value={ticketSystem}
            onChange={(e) => setTicketSystem(e.target.value)}
            placeholder="ServiceNow"
            className="sm:max-w-xs"
          />
        )}
      </Field>

      <div className="flex flex-wrap items-center gap-3 border-t border-slate-200 pt-5">
        <Button type="submit" disabled={isPending || isBlocked} data-testid="submit-request">
          {isPending ? "Sending to PIM…" : "Submit request"}
        </Button>
        <ButtonLink href="/requests" variant="ghost">
          Cancel
        </ButtonLink>
        {isBlocked && <span className="text-sm text-slate-600">Finish or cancel your open request for this access first.</span>}
      </div>
    </form>
  );
}
