"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { assertRoutedApprover } from "@/lib/requests/assert-routed-approver";
import { decideApproval } from "@/lib/requests/decide-approval";
import { appDeps } from "@/lib/requests/deps";
import { rateLimits } from "@/lib/security/rate-limit-policies";
import { authenticateAction, enforceActionRateLimits, fieldErrors, formFailure } from "../requests/_lib/action-kit";
import { csrfPurpose } from "../requests/_lib/csrf-purposes";
import type { FormState } from "../requests/_lib/form-state";

/** Where the decision came from: the emailed link (token) or the inbox (request id). */
const sourceSchema = z.union([
  z.object({ linkToken: z.string().regex(/^[A-Za-z0-9_-]{43}$/), requestId: z.undefined() }),
  z.object({ linkToken: z.undefined(), requestId: z.uuid() }),
]);

const decisionSchema = z.object({
  decision: z.enum(["approve", "deny"], { message: "Choose Approve or Deny." }),
  reason: z
    .string({ message: "Give a reason for your decision." })
    .trim()
    .min(3, "Give a reason for your decision (at least 3 characters): the requester and the audit log see it.")
    .max(500, "Keep the reason under 500 characters."),
});

/**
 * Approve or deny. Both sources end in the same use case, which re-checks everything live (approver group
 * membership, not the requester, not elevated, still pending, not decided before). The inbox path first proves
 * the request was routed to this approver, which the token proves for the link path.
 */
export async function decideAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const source = sourceSchema.safeParse({
    linkToken: formData.get("linkToken") ?? undefined,
    requestId: formData.get("requestId") ?? undefined,
  });
  if (!source.success) return { status: "error", message: "This approval form is not valid. Open the request again.", fields: {} };
  const { linkToken, requestId } = source.data;
  const page = linkToken ? `/approve/${linkToken}` : `/approvals/${requestId}`;
  let destination: string;
  try {
    const purpose = linkToken ? csrfPurpose.decideByLink(linkToken) : csrfPurpose.decideByRequest(requestId ?? "");
    const { user, meta } = await authenticateAction(formData, { returnTo: page, csrfPurpose: purpose });
    const parsed = decisionSchema.safeParse({ decision: formData.get("decision") ?? undefined, reason: formData.get("reason") ?? undefined });
    if (!parsed.success) return { status: "error", message: "Please correct the highlighted fields.", fields: fieldErrors(parsed.error.issues) };
    await enforceActionRateLimits(rateLimits.decide, user);
    const deps = appDeps();
    if (requestId) await assertRoutedApprover(deps, { user, requestId });
    const result = await decideApproval(deps, { user, input: { ...(linkToken ? { linkToken } : { requestId }), ...parsed.data }, meta });
    destination = `/approvals/${result.request.id}?outcome=${result.outcome}`;
  } catch (e) {
    return formFailure(e, page);
  }
  // The waiting-count badge in the header belongs to the layout: render it again.
  revalidatePath("/", "layout");
  redirect(destination);
}
