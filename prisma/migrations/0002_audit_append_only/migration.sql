-- The audit log is append-only (design §6). The application has no update/delete path; this trigger makes the
-- database refuse one too, so a bug or a stray psql session cannot rewrite history quietly. Statement-level
-- triggers fire even when no row matches, so every UPDATE, DELETE or TRUNCATE on the table fails outright.
-- A superuser or the table owner can still disable triggers; the hash chain (lib/audit) is what detects that.

CREATE FUNCTION "audit_events_reject_change"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'P0001',
              HINT = 'Audit events can only be inserted. Record a correction as a new event.';
END;
$$;

CREATE TRIGGER "audit_events_append_only"
    BEFORE UPDATE OR DELETE ON "audit_events"
    FOR EACH STATEMENT EXECUTE FUNCTION "audit_events_reject_change"();

CREATE TRIGGER "audit_events_no_truncate"
    BEFORE TRUNCATE ON "audit_events"
    FOR EACH STATEMENT EXECUTE FUNCTION "audit_events_reject_change"();
