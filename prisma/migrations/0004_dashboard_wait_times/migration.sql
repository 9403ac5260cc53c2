-- The auditor dashboard's waiting times (lib/dashboard/durations.ts): median and p90 of decided_at − submitted_at
-- and activated_at − submitted_at over the requests submitted in the last 7/30/90 days. With this index the
-- range is an index-only scan; without it PostgreSQL visits ~125 000 heap rows for 90 days at a million requests
-- (measured: 95 ms instead of 590 ms). A separate migration because 0003 may already be applied somewhere, and
-- the runner rightly refuses an applied migration that changed.

-- CreateIndex
CREATE INDEX "access_requests_submitted_at_decided_at_activated_at_idx" ON "access_requests"("submitted_at", "decided_at", "activated_at");
