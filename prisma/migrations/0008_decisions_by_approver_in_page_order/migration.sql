-- The history's approver filter, in page order, from an index.
--
-- "Requests decided by X" was an EXISTS over decisions for each request, walking the requests newest first
-- until a page was full. That is quick while X decides a steady share of requests, and slow when X's decisions
-- are sparse among the recent ones: at a million requests, one seeded approver's first page visited 58 000
-- requests (110–300 ms); an approver who left a year ago would have made it walk half the table.
--
-- Each decision now carries its request's submission time (set once, from the request it decides; a request's
-- submitted_at never changes), and this index lists an approver's decisions in the history's page order
-- (submitted_at DESC, id ASC). The filter becomes a join that reads X's decisions in that order and stops when the
-- page is full (lib/history/query.ts, historyFrom).

-- AlterTable
ALTER TABLE "decisions" ADD COLUMN "request_submitted_at" TIMESTAMPTZ(3);
UPDATE "decisions" d SET "request_submitted_at" = r."submitted_at" FROM "access_requests" r WHERE r."id" = d."request_id";
ALTER TABLE "decisions" ALTER COLUMN "request_submitted_at" SET NOT NULL;

-- CreateIndex
CREATE INDEX "decisions_approver_id_request_submitted_at_request_id_idx" ON "decisions"("approver_id", "request_submitted_at" DESC, "request_id");
