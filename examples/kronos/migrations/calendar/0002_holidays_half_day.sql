-- Mark holidays that only cover half a day
-- migrate:up
ALTER TABLE holidays ADD COLUMN is_half_day boolean NOT NULL DEFAULT false;

-- migrate:down
ALTER TABLE holidays DROP COLUMN is_half_day;
