-- Create trips, expense_reports and expense_items
-- migrate:up
CREATE TABLE trips (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL, -- auth.users.id, by contract
  purpose text NOT NULL,
  destination text NOT NULL,
  start_date date NOT NULL,
  end_date date NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT trips_date_order CHECK (end_date >= start_date)
);
CREATE INDEX idx_trips_user_id_created_at ON trips (user_id, created_at);
COMMENT ON TABLE trips IS 'Business trips that expenses can be attached to';

CREATE TABLE expense_reports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL, -- auth.users.id, by contract
  trip_id uuid REFERENCES trips (id) ON DELETE SET NULL,
  title text NOT NULL,
  status text NOT NULL DEFAULT 'draft',
  currency text NOT NULL DEFAULT 'EUR',
  submitted_at timestamptz,
  approved_by uuid, -- auth.users.id, by contract
  approved_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT expense_reports_status_valid
    CHECK (status IN ('draft', 'submitted', 'approved', 'rejected', 'paid')),
  CONSTRAINT expense_reports_currency_iso CHECK (currency ~ '^[A-Z]{3}$')
);
CREATE INDEX idx_expense_reports_user_id_created_at ON expense_reports (user_id, created_at);
CREATE INDEX idx_expense_reports_trip_id ON expense_reports (trip_id);
CREATE INDEX idx_expense_reports_status ON expense_reports (status);
COMMENT ON TABLE expense_reports IS 'A set of expenses submitted together for reimbursement';

CREATE TABLE expense_items (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  report_id uuid NOT NULL REFERENCES expense_reports (id) ON DELETE CASCADE,
  spent_on date NOT NULL,
  category text NOT NULL,
  description text NOT NULL DEFAULT '',
  amount numeric(12,2) NOT NULL,
  currency text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT expense_items_amount_positive CHECK (amount > 0),
  CONSTRAINT expense_items_currency_iso CHECK (currency ~ '^[A-Z]{3}$'),
  CONSTRAINT expense_items_category_valid
    CHECK (category IN ('travel', 'lodging', 'meals', 'transport', 'equipment', 'other'))
);
CREATE INDEX idx_expense_items_report_id ON expense_items (report_id);
COMMENT ON TABLE expense_items IS 'One line of an expense report';

-- migrate:down
DROP TABLE expense_items;
DROP TABLE expense_reports;
DROP TABLE trips;
