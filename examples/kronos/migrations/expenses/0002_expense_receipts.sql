-- Add expense_receipts table
-- migrate:up
CREATE TABLE expense_receipts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  item_id uuid NOT NULL REFERENCES expense_items (id) ON DELETE CASCADE,
  storage_key text NOT NULL UNIQUE,
  content_type text NOT NULL,
  size_bytes bigint NOT NULL,
  uploaded_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT expense_receipts_size_positive CHECK (size_bytes > 0),
  CONSTRAINT expense_receipts_content_type_valid
    CHECK (content_type IN ('application/pdf', 'image/jpeg', 'image/png'))
);
CREATE INDEX idx_expense_receipts_item_id ON expense_receipts (item_id);
COMMENT ON TABLE expense_receipts IS 'Scanned receipts attached to expense items (files live in object storage)';

-- migrate:down
DROP TABLE expense_receipts;
