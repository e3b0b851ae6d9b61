-- Add locale and last_login_at to users
-- migrate:up
ALTER TABLE users ADD COLUMN locale text NOT NULL DEFAULT 'en';
ALTER TABLE users ADD COLUMN last_login_at timestamptz;

-- migrate:down
ALTER TABLE users DROP COLUMN last_login_at;
ALTER TABLE users DROP COLUMN locale;
