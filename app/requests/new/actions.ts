"use server";

import { redirect } from "next/navigation";
import { appDeps } from "@/lib/requests/deps";
import { submitInputSchema } from "@/lib/requests/submit-input";
import { submitRequest } from "@/lib/requests/submit-request";
import { rateLimits } from "@/lib/security/rate-limit-policies";
import { authenticateAction, enforceActionRateLimits, fieldErrors, formFailure } from "../_lib/action-kit";
import { csrfPurpose } from "../_lib/csrf-purposes";
import type { FormState } from "../_lib/form-state";

const RETURN_TO = "/requests/new";

/**
 * Submit the request form: validated here first (field messages, nothing sent to PIM), then rate limited, then
 * `submitRequest` checks eligibility and the PIM policy live before it asks PIM. Success, or an open request that
 * already exists, lands on the request's page.
 */
export async function submitRequestAction(_previous: FormState, formData: FormData): Promise<FormState> {
  let destination: string;
  try {
    const { user, meta } = await authenticateAction(formData, { returnTo: RETURN_TO, csrfPurpose: csrfPurpose.submit });
    const input = {
      targetId: formData.get("targetId") ?? undefined,
      durationMinutes: formData.get("durationMinutes") ?? undefined,
      justification: formData.get("justification") ?? undefined,
      ticketNumber: formData.get("ticketNumber") ?? undefined,
      ticketSystem: formData.get("ticketSystem") ?? undefined,
    };
    const parsed = submitInputSchema.safeParse(input);
    if (!parsed.success) return { status: "error", message: "Please correct the highlighted fields.", fields: fieldErrors(parsed.error.issues) };
    await enforceActionRateLimits(rateLimits.submit, user);
    const result = await submitRequest(appDeps(), { user, input, meta });
    destination = `/requests/${result.request.id}${result.outcome === "existing" ? "?notice=existing" : ""}`;
  } catch (e) {
    return formFailure(e, RETURN_TO);
  }
  redirect(destination);
}
