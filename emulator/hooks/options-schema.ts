/**
 * Validation of `PATCH /_emulator/options`. Known options are checked precisely; an option added to
 * `EmulatorOptions` later is still accepted when its value has the same JSON type as its default.
 */
import { z } from "zod";
import { defaultEmulatorOptions, type EmulatorOptions } from "../core/types";

const known: Record<string, z.ZodType> = {
  approvalTimeoutStatus: z.enum(["Canceled", "TimedOut"]),
  enumCasing: z.enum(["Pascal", "lower"]),
  stagesWithoutExpand: z.boolean(),
  approverGroupMembersTransitive: z.boolean(),
  adminAssignRequiresDirectoryRole: z.boolean(),
  selfActionMismatch: z.object({ status: z.number().int().min(400).max(599), code: z.string().min(1) }).strict(),
  missingEligibility: z.enum(["EligibilityRule", "RoleEligibilityDoesNotExist"]),
  throttleCode: z.string().min(1),
  directoryPageSize: z.number().int().min(1).max(999),
  accessTokenLifetimeSec: z.number().int().min(60).max(86_400),
  tamperIdTokens: z.boolean(),
};

export function parseOptionsPatch(body: unknown): { ok: true; patch: Partial<EmulatorOptions> } | { ok: false; errors: string[] } {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return { ok: false, errors: ["body must be a JSON object of options"] };
  const errors: string[] = [];
  const patch: Record<string, unknown> = {};
  const defaults = defaultEmulatorOptions as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(body)) {
    if (!(key in defaults)) {
      errors.push(`${key}: unknown option (known: ${Object.keys(defaults).join(", ")})`);
      continue;
    }
    const schema = known[key];
    if (schema) {
      const r = schema.safeParse(value);
      if (r.success) patch[key] = r.data;
      else errors.push(`${key}: ${r.error.issues.map((i) => i.message).join("; ")}`);
    } else if (typeof value === typeof defaults[key] && value !== null) {
      patch[key] = value;
    } else {
      errors.push(`${key}: expected a ${typeof defaults[key]}`);
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, patch: patch };
}
