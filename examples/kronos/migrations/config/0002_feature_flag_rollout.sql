-- Add rollout percentage to feature_flags
-- migrate:up
ALTER TABLE feature_flags ADD COLUMN rollout_percentage smallint NOT NULL DEFAULT 100;
COMMENT ON COLUMN feature_flags.rollout_percentage IS 'Share of users (0-100) who see the feature when it is enabled';

-- migrate:down
ALTER TABLE feature_flags DROP COLUMN rollout_percentage;
