-- Create audit_log
-- migrate:up
CREATE TABLE audit_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  occurred_at timestamptz NOT NULL DEFAULT now(),
  service text NOT NULL,
  actor_id uuid, -- auth.users.id, by contract; NULL for system actions
  action text NOT NULL,
  entity_type text NOT NULL,
  entity_id text NOT NULL,
  payload jsonb NOT NULL DEFAULT '{}'::jsonb,
  CONSTRAINT audit_log_service_format CHECK (service ~ '^[a-z][a-z0-9_]*$'),
  CONSTRAINT audit_log_action_format CHECK (action ~ '^[a-z][a-z0-9_.]*$'),
  CONSTRAINT audit_log_payload_object CHECK (jsonb_typeof(payload) = 'object')
);
CREATE INDEX idx_audit_log_occurred_at ON audit_log (occurred_at);
CREATE INDEX idx_audit_log_actor_id_occurred_at ON audit_log (actor_id, occurred_at);
CREATE INDEX idx_audit_log_entity ON audit_log (entity_type, entity_id);
COMMENT ON TABLE audit_log IS 'Append-only record of who did what; readable by every service';

-- migrate:down
DROP TABLE audit_log;
