-- Add merchant to expense_items
-- migrate:up
ALTER TABLE expense_items ADD COLUMN merchant text;

-- migrate:down
ALTER TABLE expense_items DROP COLUMN merchant;
