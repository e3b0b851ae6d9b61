-- Add notification_preferences table
-- migrate:up
CREATE TABLE notification_preferences (
  user_id uuid NOT NULL, -- auth.users.id, by contract
  channel text NOT NULL,
  enabled boolean NOT NULL DEFAULT true,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, channel),
  CONSTRAINT notification_preferences_channel_valid CHECK (channel IN ('email', 'in_app', 'push'))
);
COMMENT ON TABLE notification_preferences IS 'Per-user opt-in or opt-out for each channel';

-- migrate:down
DROP TABLE notification_preferences;
