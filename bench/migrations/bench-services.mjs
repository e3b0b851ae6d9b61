/** The seven services of the example estate (examples/kronos), in config order. */
export const BENCH_SERVICES = ['auth', 'config', 'leaves', 'expenses', 'notifications', 'calendar', 'audit'];

/** Table names a service's migrations draw from, so the generated DDL reads like the real thing. */
export const SERVICE_TABLE_NOUNS = {
  auth: ['users', 'sessions', 'roles', 'permissions', 'api_keys', 'password_resets', 'mfa_devices'],
  config: ['settings', 'feature_flags', 'tenants', 'locales', 'working_weeks', 'cost_centers'],
  leaves: ['leave_types', 'leave_requests', 'balances', 'approvals', 'accrual_rules', 'blackouts'],
  expenses: ['expense_reports', 'expense_items', 'receipts', 'categories', 'reimbursements', 'per_diems'],
  notifications: ['templates', 'deliveries', 'subscriptions', 'channels', 'digests', 'preferences'],
  calendar: ['events', 'attendees', 'rooms', 'recurrences', 'reminders', 'public_holidays'],
  audit: ['audit_events', 'actors', 'retention_policies', 'exports', 'access_logs', 'data_requests'],
};
