-- Request history at a million requests (issue: views for every role / history that stays fast).
-- The keyset order (submitted_at, id) and the requester, status and target filters are served by 0001's
-- indexes; the approver filter by decisions_request_id_approver_id_key; the request timeline by
-- audit_events_request_id_seq_idx. What was missing is free text: `justification ILIKE '%…%'` (and the ticket
-- number) cannot use a btree, so it scanned every row. A trigram GIN index answers substring searches of three
-- or more characters from the index.
--
-- pg_trgm is a trusted contrib extension (PostgreSQL 13+): the database owner may create it without superuser.
-- On Azure Database for PostgreSQL it must first be allow-listed in the `azure.extensions` server parameter.
-- The embedded PGlite loads it in lib/db/embedded.ts.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- CreateIndex
CREATE INDEX "access_requests_justification_ticket_number_idx" ON "access_requests" USING GIN ("justification" gin_trgm_ops, "ticket_number" gin_trgm_ops);
