/**
 * What a requester may submit, checked twice: against the static limits (zod), then against the target and the
 * PIM policy read live. Every failure names the form field so the page can show it next to the input.
 */
import { z } from "zod";
import { describeMinutes } from "@/lib/entra/iso-duration";
import type { PimPolicy } from "@/lib/entra/pim";
import { AppError } from "@/lib/errors";
import type { Target } from "@/lib/targets";

/** PIM refuses activations shorter than 5 minutes (entra-graph-api.md §1 fact 4). */
export const MIN_DURATION_MINUTES = 5;

/**
 * Text that is stored and sent on: no control characters but tab and line breaks. PostgreSQL cannot store NUL
 * (a text column or jsonb refuses it, and the whole request would fail), and the others have no place in a
 * justification or a reason either.
 */
export const plainText = (message: string) => z.string().regex(/^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$/, message);

export const submitInputSchema = z.object({
  targetId: z.string({ message: "Choose what to request." }).trim().min(1, "Choose what to request."),
  durationMinutes: z.coerce
    .number({ message: "Enter the duration in minutes." })
    .int("Enter whole minutes.")
    .min(MIN_DURATION_MINUTES, `The minimum is ${MIN_DURATION_MINUTES} minutes.`),
  justification: z
    .string({ message: "Explain why you need the access." })
    .trim()
    .min(10, "Write at least 10 characters: approvers decide on this text.")
    .max(500, "Keep it under 500 characters.")
    .pipe(plainText("Remove control characters (such as NUL) from the justification.")),
  ticketNumber: z
    .string()
    .trim()
    .max(64, "A ticket number has at most 64 characters.")
    .regex(/^[\w.#:/-]*$/, "Use letters, digits and - _ . # : / only.")
    .optional()
    .transform((v) => (v ? v : null)),
  ticketSystem: z
    .string()
    .trim()
    .max(32, "A ticket system name has at most 32 characters.")
    .regex(/^[\w .-]*$/, "Use letters, digits, spaces and - _ . only.")
    .optional()
    .transform((v) => (v ? v : null)),
});

export type SubmitInput = z.output<typeof submitInputSchema>;

export function parseSubmitInput(input: unknown): SubmitInput {
  const r = submitInputSchema.safeParse(input);
  if (r.success) return r.data;
  const fields: Record<string, string> = {};
  for (const issue of r.error.issues) fields[String(issue.path[0] ?? "form")] ??= issue.message;
  throw new AppError("bad_request", "Please correct the highlighted fields.", { fields });
}

function invalid(field: string, message: string): AppError {
  return new AppError("bad_request", message, { fields: { [field]: message } });
}

/** The limits of the target and of the PIM policy, whichever is stricter. */
export function checkAgainstLimits(input: SubmitInput, target: Target, policy: PimPolicy): void {
  const max = Math.min(target.maxDurationMinutes, policy.maxDurationMinutes ?? Number.POSITIVE_INFINITY);
  if (input.durationMinutes > max) {
    const by = policy.maxDurationMinutes !== null && policy.maxDurationMinutes <= target.maxDurationMinutes ? "the PIM policy" : "this target";
    throw invalid("durationMinutes", `The requested duration is longer than ${by} allows (max ${describeMinutes(max)}).`);
  }
  if (policy.isTicketRequired && !input.ticketNumber) throw invalid("ticketNumber", "The PIM policy requires a ticket number.");
}
