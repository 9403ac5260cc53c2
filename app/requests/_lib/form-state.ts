/** What a server action hands back to its form (client components import this type too). */
export interface FormState {
  status: "idle" | "error";
  message?: string;
  /** Per-field messages keyed by the form field's name. */
  fields: Record<string, string>;
}

export const idleForm: FormState = { status: "idle", fields: {} };
