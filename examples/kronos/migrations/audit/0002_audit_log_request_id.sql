-- Add request_id to audit_log for tracing
-- migrate:up
ALTER TABLE audit_log ADD COLUMN request_id uuid;
COMMENT ON COLUMN audit_log.request_id IS 'Id of the HTTP request that caused the action, when known';

-- migrate:down
ALTER TABLE audit_log DROP COLUMN request_id;
