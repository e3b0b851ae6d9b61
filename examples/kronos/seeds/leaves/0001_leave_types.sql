-- Purpose: the standard leave types and their yearly entitlement
INSERT INTO leave_types (code, name, is_paid, requires_approval, default_days_per_year) VALUES
  ('annual', 'Annual leave', true, true, 25),
  ('sick', 'Sick leave', true, false, 0),
  ('parental', 'Parental leave', true, true, 0),
  ('unpaid', 'Unpaid leave', false, true, 0),
  ('compassionate', 'Compassionate leave', true, true, 3),
  ('training', 'Training days', true, true, 5)
ON CONFLICT (code) DO UPDATE SET
  name = EXCLUDED.name,
  is_paid = EXCLUDED.is_paid,
  requires_approval = EXCLUDED.requires_approval,
  default_days_per_year = EXCLUDED.default_days_per_year;
