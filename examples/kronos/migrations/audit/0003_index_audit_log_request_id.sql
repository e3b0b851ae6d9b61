-- Index audit_log by request_id
-- dbward:no-transaction
-- migrate:up
CREATE INDEX CONCURRENTLY idx_audit_log_request_id ON audit_log (request_id) WHERE request_id IS NOT NULL;

-- migrate:down
DROP INDEX CONCURRENTLY idx_audit_log_request_id;
