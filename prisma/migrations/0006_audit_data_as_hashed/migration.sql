-- The audit log keeps each event's data exactly as it was hashed.
--
-- `data` was jsonb, which re-encodes what it is given (its own key order, its own spacing), so the canonical JSON
-- that went into an event's hash could not be read back: verification had to parse every stored value and encode
-- it again, and every insert paid for building the binary jsonb form. `json` stores the text it is given, byte for
-- byte. lib/audit/append.ts writes the canonical encoding, so the stored text is what was hashed and verification
-- hashes it as it is (lib/audit/verify.ts). Rows written before this migration hold jsonb's rendering; the verifier
-- re-encodes those, so the chain stays verifiable across the change. Nothing queries inside `data`.
--
-- Changing a column type rewrites the table; it is not an UPDATE, so the append-only trigger does not fire.

ALTER TABLE "audit_events" ALTER COLUMN "data" DROP DEFAULT;
ALTER TABLE "audit_events" ALTER COLUMN "data" TYPE JSON USING "data"::json;
ALTER TABLE "audit_events" ALTER COLUMN "data" SET DEFAULT '{}';
