-- Purpose: default English templates for the events other services notify about
INSERT INTO notification_templates (code, channel, locale, subject, body) VALUES
  ('leave.requested', 'email', 'en', 'New leave request from {{employee_name}}',
   '{{employee_name}} asked for {{days}} day(s) of {{leave_type}} from {{start_date}} to {{end_date}}.'),
  ('leave.approved', 'email', 'en', 'Your leave request was approved',
   'Your {{leave_type}} from {{start_date}} to {{end_date}} was approved by {{reviewer_name}}.'),
  ('leave.rejected', 'email', 'en', 'Your leave request was rejected',
   'Your {{leave_type}} from {{start_date}} to {{end_date}} was rejected. Reason: {{comment}}'),
  ('leave.approved', 'in_app', 'en', 'Leave approved',
   '{{leave_type}} {{start_date}} - {{end_date}} approved.'),
  ('expense.submitted', 'email', 'en', 'Expense report to review: {{title}}',
   '{{employee_name}} submitted "{{title}}" for {{total}} {{currency}}.'),
  ('expense.paid', 'email', 'en', 'Your expenses were reimbursed',
   '"{{title}}" ({{total}} {{currency}}) was paid on {{paid_on}}.'),
  ('auth.password_reset', 'email', 'en', 'Reset your Kronos password',
   'Follow this link within one hour to choose a new password: {{reset_url}}')
ON CONFLICT (code, channel, locale) DO UPDATE SET
  subject = EXCLUDED.subject,
  body = EXCLUDED.body;
