"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { cancelRequest } from "@/lib/requests/cancel-request";
import { deactivateRequest } from "@/lib/requests/deactivate-request";
import { appDeps } from "@/lib/requests/deps";
import { rateLimits } from "@/lib/security/rate-limit-policies";
import { authenticateAction, enforceActionRateLimits, formFailure } from "../_lib/action-kit";
import { csrfPurpose } from "../_lib/csrf-purposes";
import type { FormState } from "../_lib/form-state";

const requestIdSchema = z.uuid();
const notFound: FormState = { status: "error", message: "No such request.", fields: {} };

// Both actions are rate limited (rateLimits.endEarly), although a request can be canceled or ended only once:
// a failed PIM cancel, or a deactivation inside PIM's 5-minute floor, leaves the request as it was, so every
// further click would ask PIM again — and each scheduled deactivation writes an audit event.

/** Withdraw a request that is still waiting for approval (PIM's cancel first, with the requester's token). */
export async function cancelRequestAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const id = requestIdSchema.safeParse(formData.get("requestId"));
  if (!id.success) return notFound;
  const page = `/requests/${id.data}`;
  try {
    const { user, meta } = await authenticateAction(formData, { returnTo: page, csrfPurpose: csrfPurpose.cancel(id.data) });
    await enforceActionRateLimits(rateLimits.endEarly, user);
    await cancelRequest(appDeps(), { user, requestId: id.data, meta });
  } catch (e) {
    return formFailure(e, page);
  }
  redirect(`${page}?notice=canceled`);
}

/**
 * End active access early. Inside PIM's first five minutes the use case schedules it instead; the page then
 * shows when it will happen. Optionally revokes the requester's sign-in sessions everywhere.
 */
export async function deactivateRequestAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const id = requestIdSchema.safeParse(formData.get("requestId"));
  if (!id.success) return notFound;
  const page = `/requests/${id.data}`;
  let notice: string;
  try {
    const { user, meta } = await authenticateAction(formData, { returnTo: page, csrfPurpose: csrfPurpose.deactivate(id.data) });
    const revokeSessions = formData.get("revokeSessions") === "on";
    await enforceActionRateLimits(rateLimits.endEarly, user);
    const result = await deactivateRequest(appDeps(), { user, requestId: id.data, revokeSessions, meta });
    notice = result.outcome;
  } catch (e) {
    return formFailure(e, page);
  }
  redirect(`${page}?notice=${notice}`);
}
