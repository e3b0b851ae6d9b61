-- Purpose: default application settings and feature flags (existing values are kept)
INSERT INTO settings (key, value, description) VALUES
  ('company.name', '"Kronos Demo Ltd"', 'Name shown in the header and in e-mails'),
  ('company.default_currency', '"EUR"', 'Currency used when an expense report names none'),
  ('company.country_code', '"FR"', 'Country whose public holidays apply by default'),
  ('leaves.year_start_month', '1', 'Month (1-12) in which the leave year starts'),
  ('leaves.max_carry_over_days', '5', 'Unused annual leave days carried into the next year'),
  ('expenses.receipt_required_above', '25.00', 'Amount above which an expense item needs a receipt'),
  ('auth.session_ttl_hours', '12', 'Lifetime of a sign-in session')
ON CONFLICT (key) DO NOTHING;

INSERT INTO feature_flags (name, enabled, description) VALUES
  ('half_day_leave', true, 'Allow requesting half a day of leave'),
  ('receipt_upload', true, 'Allow attaching scanned receipts to expense items'),
  ('calendar_sync', false, 'Publish user calendars as iCal feeds')
ON CONFLICT (name) DO NOTHING;
