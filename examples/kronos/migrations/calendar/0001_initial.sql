-- Create events and holidays
-- migrate:up
CREATE TABLE events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL, -- auth.users.id, by contract
  source text NOT NULL DEFAULT 'manual',
  source_id uuid, -- e.g. leaves.leave_requests.id, by contract
  title text NOT NULL,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  all_day boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT events_time_order CHECK (ends_at >= starts_at),
  CONSTRAINT events_source_valid CHECK (source IN ('manual', 'leave', 'trip')),
  CONSTRAINT events_source_id_present CHECK ((source = 'manual') = (source_id IS NULL))
);
CREATE INDEX idx_events_user_id_starts_at ON events (user_id, starts_at);
CREATE UNIQUE INDEX idx_events_source_source_id ON events (source, source_id) WHERE source_id IS NOT NULL;
COMMENT ON TABLE events IS 'Entries shown on a user''s calendar, manual or derived from leave and trips';

CREATE TABLE holidays (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  country_code text NOT NULL,
  holiday_date date NOT NULL,
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT holidays_country_date_key UNIQUE (country_code, holiday_date),
  CONSTRAINT holidays_country_code_iso CHECK (country_code ~ '^[A-Z]{2}$')
);
COMMENT ON TABLE holidays IS 'Public holidays per country (ISO 3166-1 alpha-2)';

-- migrate:down
DROP TABLE holidays;
DROP TABLE events;
