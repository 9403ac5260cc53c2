import type { Deps } from "@/lib/requests/deps";
import type { JobKind, JobPayload } from "./outbox";

export interface ClaimedJob {
  id: string;
  kind: string;
  payload: unknown;
  /** Including the current run. */
  attempts: number;
  maxAttempts: number;
}

export interface JobContext<K extends JobKind> {
  deps: Deps;
  job: ClaimedJob;
  payload: JobPayload<K>;
}

/** Nothing: done. `rescheduleAt`: not a failure — run the same job again then (polling PIM). */
export type JobResult = void | { rescheduleAt: Date };

export type JobHandler<K extends JobKind> = (ctx: JobContext<K>) => Promise<JobResult>;
export type JobHandlers = { [K in JobKind]: JobHandler<K> };

/** Retrying cannot help (e.g. the requester's sign-in is gone): the job goes straight to `dead`. */
export class PermanentJobError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "PermanentJobError";
  }
}
