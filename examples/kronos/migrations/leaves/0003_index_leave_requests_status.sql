-- Index leave_requests by status and start date for the approval queue
-- dbward:no-transaction
-- migrate:up
CREATE INDEX CONCURRENTLY idx_leave_requests_status_start_date ON leave_requests (status, start_date);

-- migrate:down
DROP INDEX CONCURRENTLY idx_leave_requests_status_start_date;
