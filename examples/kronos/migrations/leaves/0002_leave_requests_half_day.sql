-- Allow half-day leave requests
-- migrate:up
ALTER TABLE leave_requests ADD COLUMN half_day boolean NOT NULL DEFAULT false;
COMMENT ON COLUMN leave_requests.half_day IS 'True when only half of a single day is requested';

-- migrate:down
ALTER TABLE leave_requests DROP COLUMN half_day;
