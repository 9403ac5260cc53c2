/**
 * The durable outbox. Side effects (Graph calls, mail) are written as jobs in the same transaction as the state
 * change that causes them, and run after commit by the worker — so a crash or a Graph outage loses nothing.
 */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Tx } from "@/lib/db/client";

const recipient = z.object({ address: z.string().min(3), name: z.string().nullable().optional() });

export const jobPayloads = {
  "mail.send": z.discriminatedUnion("kind", [
    z.object({
      kind: z.literal("rendered"),
      template: z.string(),
      requestId: z.string().nullable(),
      to: z.array(recipient).min(1),
      subject: z.string(),
      html: z.string(),
    }),
    // Approval emails are rendered when sent: the link token is minted then, so no usable token ever sits in
    // the database (only its hash, in approval_links).
    z.object({ kind: z.literal("approval-link"), requestId: z.string(), approverId: z.string() }),
  ]),
  "pim.sync-request": z.object({ requestId: z.string() }),
  "request.expiry-warning": z.object({ requestId: z.string() }),
  "request.deactivate": z.object({
    requestId: z.string(),
    /** The requester's token does the selfDeactivate (PIM semantics: only the principal can). */
    requester: z.object({ id: z.string(), homeAccountId: z.string(), upn: z.string() }),
  }),
  "sessions.revoke": z.object({ userId: z.string(), requestId: z.string().nullable(), reason: z.string() }),
};

export type JobKind = keyof typeof jobPayloads;
export type JobPayload<K extends JobKind> = z.infer<(typeof jobPayloads)[K]>;

export interface EnqueueOptions {
  /** At most one job per key. */
  dedupeKey?: string;
  runAt?: Date;
  maxAttempts?: number;
  /**
   * What to do when a job with the same key exists:
   *  - "ignore" (default): nothing — the existing job stands (mail: never send twice);
   *  - "revive": a finished (done/dead) job is set pending again at `runAt`; a pending one is left alone;
   *  - "earlier": like revive, and a pending job is moved up to `runAt` if that is sooner.
   * A running job is never touched.
   */
  onConflict?: "ignore" | "revive" | "earlier";
}

export async function enqueue<K extends JobKind>(tx: Tx, kind: K, payload: JobPayload<K>, options: EnqueueOptions = {}, now: Date = new Date()): Promise<void> {
  const schema: z.ZodType = jobPayloads[kind];
  const json = JSON.stringify(schema.parse(payload));
  const runAt = options.runAt ?? now;
  const id = randomUUID();
  const maxAttempts = options.maxAttempts ?? 20;
  const dedupeKey = options.dedupeKey ?? null;
  const mode = options.onConflict ?? "ignore";
  if (mode === "ignore") {
    await tx.$executeRaw`
      INSERT INTO outbox_jobs (id, kind, payload, dedupe_key, status, attempts, max_attempts, run_at, created_at)
      VALUES (${id}::uuid, ${kind}, ${json}::jsonb, ${dedupeKey}, 'pending', 0, ${maxAttempts}, ${runAt}::timestamptz, ${now}::timestamptz)
      ON CONFLICT (dedupe_key) DO NOTHING`;
    return;
  }
  const earlier = mode === "earlier";
  await tx.$executeRaw`
    INSERT INTO outbox_jobs (id, kind, payload, dedupe_key, status, attempts, max_attempts, run_at, created_at)
    VALUES (${id}::uuid, ${kind}, ${json}::jsonb, ${dedupeKey}, 'pending', 0, ${maxAttempts}, ${runAt}::timestamptz, ${now}::timestamptz)
    ON CONFLICT (dedupe_key) DO UPDATE SET
      run_at = CASE
        WHEN outbox_jobs.status = 'pending' AND ${earlier} THEN LEAST(outbox_jobs.run_at, EXCLUDED.run_at)
        WHEN outbox_jobs.status = 'pending' THEN outbox_jobs.run_at
        ELSE EXCLUDED.run_at END,
      attempts = CASE WHEN outbox_jobs.status = 'pending' THEN outbox_jobs.attempts ELSE 0 END,
      payload = EXCLUDED.payload,
      status = 'pending',
      done_at = NULL
    WHERE outbox_jobs.status <> 'running'`;
}
