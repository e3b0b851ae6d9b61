// Expense reports for the expenses service. Queries only the `expenses` schema
// (plus reads of `audit`, which every service may read).

export interface Queryable {
  query(sql: string, params: unknown[]): Promise<{ rows: unknown[] }>;
}

export interface ExpenseReportSummary {
  id: string;
  title: string;
  status: string;
  currency: string;
  item_count: number;
  total: string;
}

export async function findExpenseReportsForUser(
  db: Queryable,
  userId: string,
): Promise<ExpenseReportSummary[]> {
  const { rows } = await db.query(
    `SELECT r.id, r.title, r.status, r.currency,
            count(i.id)::int AS item_count,
            coalesce(sum(i.amount), 0)::numeric(12,2) AS total
       FROM expenses.expense_reports r
       LEFT JOIN expenses.expense_items i ON i.report_id = r.id
      WHERE r.user_id = $1
      GROUP BY r.id
      ORDER BY r.created_at DESC`,
    [userId],
  );
  return rows as ExpenseReportSummary[];
}

export async function addExpenseItem(
  db: Queryable,
  reportId: string,
  item: { spentOn: string; category: string; amount: string; currency: string; merchant?: string },
): Promise<string> {
  const { rows } = await db.query(
    `INSERT INTO expenses.expense_items (report_id, spent_on, category, amount, currency, merchant)
     SELECT r.id, $2, $3, $4::numeric(12,2), $5, $6
       FROM expenses.expense_reports r
      WHERE r.id = $1 AND r.status = 'draft'
     RETURNING id`,
    [reportId, item.spentOn, item.category, item.amount, item.currency, item.merchant ?? null],
  );
  const row = rows[0] as { id: string } | undefined;
  if (!row) throw new Error(`expense report ${reportId} is not an open draft`);
  return row.id;
}

export async function submitExpenseReport(db: Queryable, reportId: string): Promise<boolean> {
  const { rows } = await db.query(
    `UPDATE expenses.expense_reports
        SET status = 'submitted', submitted_at = now(), updated_at = now()
      WHERE id = $1 AND status = 'draft'
        AND EXISTS (SELECT 1 FROM expenses.expense_items i WHERE i.report_id = $1)
      RETURNING id`,
    [reportId],
  );
  return rows.length === 1;
}

export async function findExpenseReportHistory(db: Queryable, reportId: string): Promise<unknown[]> {
  const { rows } = await db.query(
    `SELECT occurred_at, actor_id, action, payload
       FROM audit.audit_log
      WHERE entity_type = 'expense_report' AND entity_id = $1
      ORDER BY occurred_at`,
    [reportId],
  );
  return rows;
}
