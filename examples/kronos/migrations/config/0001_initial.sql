-- Create settings and feature_flags
-- migrate:up
CREATE TABLE settings (
  key varchar(128) PRIMARY KEY,
  value jsonb NOT NULL,
  description text NOT NULL DEFAULT '',
  updated_by uuid, -- auth.users.id, by contract
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT settings_key_format CHECK (key ~ '^[a-z][a-z0-9_.]*$')
);
COMMENT ON TABLE settings IS 'Application-wide settings, one JSON value per key';

CREATE TABLE feature_flags (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name varchar(128) NOT NULL UNIQUE,
  enabled boolean NOT NULL DEFAULT false,
  description text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT feature_flags_name_format CHECK (name ~ '^[a-z][a-z0-9_]*$')
);
COMMENT ON TABLE feature_flags IS 'Switches that turn features on or off at run time';

-- migrate:down
DROP TABLE feature_flags;
DROP TABLE settings;
