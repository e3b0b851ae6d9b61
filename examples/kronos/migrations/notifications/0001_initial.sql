-- Create notification_templates and notifications
-- migrate:up
CREATE TABLE notification_templates (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code varchar(64) NOT NULL,
  channel text NOT NULL,
  locale text NOT NULL DEFAULT 'en',
  subject text NOT NULL DEFAULT '',
  body text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT notification_templates_code_channel_locale_key UNIQUE (code, channel, locale),
  CONSTRAINT notification_templates_channel_valid CHECK (channel IN ('email', 'in_app', 'push')),
  CONSTRAINT notification_templates_code_format CHECK (code ~ '^[a-z][a-z0-9_.]*$')
);
COMMENT ON TABLE notification_templates IS 'Message templates per event code, channel and locale';

CREATE TABLE notifications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL, -- auth.users.id, by contract
  template_id uuid REFERENCES notification_templates (id) ON DELETE SET NULL,
  channel text NOT NULL,
  subject text NOT NULL DEFAULT '',
  body text NOT NULL,
  data jsonb NOT NULL DEFAULT '{}'::jsonb,
  status text NOT NULL DEFAULT 'queued',
  attempts integer NOT NULL DEFAULT 0,
  sent_at timestamptz,
  read_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT notifications_channel_valid CHECK (channel IN ('email', 'in_app', 'push')),
  CONSTRAINT notifications_status_valid CHECK (status IN ('queued', 'sent', 'failed')),
  CONSTRAINT notifications_attempts_non_negative CHECK (attempts >= 0)
);
CREATE INDEX idx_notifications_user_id_created_at ON notifications (user_id, created_at);
CREATE INDEX idx_notifications_template_id ON notifications (template_id);
CREATE INDEX idx_notifications_queued ON notifications (created_at) WHERE status = 'queued';
COMMENT ON TABLE notifications IS 'Messages sent, or waiting to be sent, to users';

-- migrate:down
DROP TABLE notifications;
DROP TABLE notification_templates;
