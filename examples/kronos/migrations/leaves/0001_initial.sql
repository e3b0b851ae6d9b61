-- Create leave_types, leave_requests and leave_balances
-- migrate:up
CREATE TYPE leave_request_status AS ENUM ('pending', 'approved', 'rejected', 'cancelled');

CREATE TABLE leave_types (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code varchar(32) NOT NULL UNIQUE,
  name text NOT NULL,
  is_paid boolean NOT NULL DEFAULT true,
  requires_approval boolean NOT NULL DEFAULT true,
  default_days_per_year numeric(5,1) NOT NULL DEFAULT 0,
  is_active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT leave_types_code_format CHECK (code ~ '^[a-z][a-z0-9_]*$'),
  CONSTRAINT leave_types_default_days_range CHECK (default_days_per_year BETWEEN 0 AND 366)
);
COMMENT ON TABLE leave_types IS 'Kinds of leave an employee can request (annual, sick, ...)';

CREATE TABLE leave_requests (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL, -- auth.users.id, by contract
  leave_type_id uuid NOT NULL REFERENCES leave_types (id) ON DELETE RESTRICT,
  start_date date NOT NULL,
  end_date date NOT NULL,
  days numeric(5,1) NOT NULL,
  status leave_request_status NOT NULL DEFAULT 'pending',
  reason text,
  reviewed_by uuid, -- auth.users.id, by contract
  reviewed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT leave_requests_date_order CHECK (end_date >= start_date),
  CONSTRAINT leave_requests_days_positive CHECK (days > 0),
  CONSTRAINT leave_requests_review_consistent
    CHECK ((status IN ('approved', 'rejected')) = (reviewed_at IS NOT NULL) OR status = 'cancelled')
);
CREATE INDEX idx_leave_requests_user_id_created_at ON leave_requests (user_id, created_at);
CREATE INDEX idx_leave_requests_leave_type_id ON leave_requests (leave_type_id);
COMMENT ON TABLE leave_requests IS 'Requests for time off and their approval state';

CREATE TABLE leave_balances (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL, -- auth.users.id, by contract
  leave_type_id uuid NOT NULL REFERENCES leave_types (id) ON DELETE RESTRICT,
  year smallint NOT NULL,
  entitled_days numeric(5,1) NOT NULL,
  used_days numeric(5,1) NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT leave_balances_user_type_year_key UNIQUE (user_id, leave_type_id, year),
  CONSTRAINT leave_balances_year_range CHECK (year BETWEEN 2000 AND 2100),
  CONSTRAINT leave_balances_days_non_negative CHECK (entitled_days >= 0 AND used_days >= 0)
);
CREATE INDEX idx_leave_balances_leave_type_id ON leave_balances (leave_type_id);
COMMENT ON TABLE leave_balances IS 'Days each user is entitled to and has used, per leave type and year';

-- migrate:down
DROP TABLE leave_balances;
DROP TABLE leave_requests;
DROP TABLE leave_types;
DROP TYPE leave_request_status;
