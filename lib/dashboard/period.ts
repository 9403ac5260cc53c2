import { z } from "zod";

/** The dashboard's reporting periods, in days. */
export const periods = [7, 30, 90] as const;
export type Period = (typeof periods)[number];

const schema = z.preprocess(
  (v: unknown): unknown => (Array.isArray(v) ? (v as unknown[])[0] : v) ?? "30",
  z.enum(["7", "30", "90"], { message: "Period must be 7, 30 or 90 days" }).transform((v) => Number(v) as Period),
);

/** The `period` search parameter; anything else is an error message for the page (never a 500). */
export function parsePeriod(value: string | string[] | undefined): { ok: true; period: Period } | { ok: false; message: string } {
  const r = schema.safeParse(value);
  return r.success ? { ok: true, period: r.data } : { ok: false, message: r.error.issues[0]?.message ?? "Invalid period" };
}
