-- Rate limits on sign-in, submit and decide (lib/security/rate-limit.ts). Counted in the database, not in process
-- memory, so the limits hold across every replica. Fixed windows: one row per (key, window start); a request
-- increments its row with INSERT … ON CONFLICT DO UPDATE, which is atomic under concurrency. Rows are deleted
-- once their window is long over (expires_at), opportunistically while counting.

-- CreateTable
CREATE TABLE "rate_limit_buckets" (
    "key" TEXT NOT NULL,
    "window_start" TIMESTAMPTZ(3) NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "rate_limit_buckets_pkey" PRIMARY KEY ("key","window_start")
);

-- CreateIndex
CREATE INDEX "rate_limit_buckets_expires_at_idx" ON "rate_limit_buckets"("expires_at");
