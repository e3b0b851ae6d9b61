-- Create users, roles and user_roles
-- migrate:up
CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email varchar(255) NOT NULL UNIQUE,
  full_name text NOT NULL,
  password_hash text NOT NULL,
  is_active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT users_email_lowercase CHECK (email = lower(email)),
  CONSTRAINT users_full_name_not_blank CHECK (length(btrim(full_name)) > 0)
);
COMMENT ON TABLE users IS 'People who can sign in to Kronos';

CREATE TABLE roles (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name varchar(64) NOT NULL UNIQUE,
  description text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT roles_name_format CHECK (name ~ '^[a-z][a-z0-9_]*$')
);
COMMENT ON TABLE roles IS 'Named sets of permissions (employee, manager, hr_admin, ...)';

CREATE TABLE user_roles (
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role_id uuid NOT NULL REFERENCES roles (id) ON DELETE RESTRICT,
  granted_at timestamptz NOT NULL DEFAULT now(),
  granted_by uuid REFERENCES users (id) ON DELETE SET NULL,
  PRIMARY KEY (user_id, role_id)
);
CREATE INDEX idx_user_roles_role_id ON user_roles (role_id);
CREATE INDEX idx_user_roles_granted_by ON user_roles (granted_by);
COMMENT ON TABLE user_roles IS 'Which roles each user holds';

-- migrate:down
DROP TABLE user_roles;
DROP TABLE roles;
DROP TABLE users;
