/**
 * Letting minutes pass without waiting them out. Two clocks matter to a scheduled step: PIM's (the emulator's clock,
 * moved through its public test hook) and the app's job queue (a job's `run_at`). `skipAhead` moves both: the
 * emulator's clock by `seconds`, and the app's jobs with the given dedupe keys to "due now". The app then runs those
 * jobs exactly as it would have once the time had passed — same worker, same handler, same Graph calls.
 *
 * This is the one place an end-to-end test writes to the app's database, and it only changes when a job is due;
 * the flow helpers (e2e/flow-helpers.ts) go through the browser and the emulator only.
 */
import { expect, type APIRequestContext } from "@playwright/test";
import pg from "pg";
import type { TestStack } from "./stack";

export async function skipAhead(request: APIRequestContext, stack: TestStack, a: { seconds: number; jobKeys: string[] }): Promise<void> {
  const res = await request.post(`${stack.emulatorUrl}/_emulator/clock`, { data: { advanceSeconds: a.seconds } });
  expect(res.ok()).toBe(true);
  const client = new pg.Client({ connectionString: stack.databaseUrl });
  await client.connect();
  try {
    const due = await client.query("UPDATE outbox_jobs SET run_at = now() WHERE dedupe_key = ANY($1::text[]) AND status = 'pending'", [a.jobKeys]);
    expect(due.rowCount, `pending jobs with keys ${a.jobKeys.join(", ")}`).toBe(a.jobKeys.length);
  } finally {
    await client.end();
  }
}
