-- audit_events keeps only the indexes something reads.
--
-- Every audit event is an insert into each of the table's indexes, and at a million requests (~8.6 million
-- events) the table had six. Three had no reader:
--   - audit_events_hash_key (UNIQUE on hash): nothing looks an event up by its hash. Integrity comes from the
--     chain (each prev_hash is the hash before it, seq is the primary key) and from verification recomputing
--     every hash, not from this index; a random 64-character key made it the most expensive index to maintain.
--   - audit_events_at_idx: no query filters or sorts events by time; the history filters requests, and the
--     timeline reads a request's events by audit_events_request_id_seq_idx.
--   - audit_events_action_seq_idx: its one reader is the auditor page's "last verification"
--     (lib/history/run-verification.ts: the newest audit.verified event). A partial index over those events
--     answers that and stays a few entries long. (Looking up a request's events of one action goes through
--     audit_events_request_id_seq_idx.)
-- schema.prisma cannot express a partial index, so the model does not declare it; the drift test knows it
-- (tests/integration/db/schema-shape.ts, indexesBeyondPrisma).

-- DropIndex
DROP INDEX "audit_events_hash_key";

-- DropIndex
DROP INDEX "audit_events_at_idx";

-- DropIndex
DROP INDEX "audit_events_action_seq_idx";

-- CreateIndex
CREATE INDEX "audit_events_verified_seq_idx" ON "audit_events"("seq") WHERE "action" = 'audit.verified';
