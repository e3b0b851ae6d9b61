-- Purpose: the built-in roles every Kronos installation starts with
INSERT INTO roles (name, description) VALUES
  ('employee', 'Requests leave, submits expenses, sees own calendar'),
  ('manager', 'Approves leave and expenses for direct reports'),
  ('hr_admin', 'Manages leave types, balances and holidays'),
  ('finance', 'Reimburses approved expense reports'),
  ('system_admin', 'Manages users, roles, settings and feature flags')
ON CONFLICT (name) DO UPDATE SET description = EXCLUDED.description;
