// Leave balances for the leaves service. Queries only the `leaves` schema.

export interface Queryable {
  query(sql: string, params: unknown[]): Promise<{ rows: unknown[] }>;
}

export interface LeaveBalance {
  leave_type_code: string;
  year: number;
  entitled_days: string;
  used_days: string;
  remaining_days: string;
}

export async function findBalancesForUser(
  db: Queryable,
  userId: string,
  year: number,
): Promise<LeaveBalance[]> {
  const { rows } = await db.query(
    `SELECT lt.code AS leave_type_code, lb.year, lb.entitled_days, lb.used_days,
            lb.entitled_days - lb.used_days AS remaining_days
       FROM leaves.leave_balances lb
       JOIN leaves.leave_types lt ON lt.id = lb.leave_type_id
      WHERE lb.user_id = $1 AND lb.year = $2
      ORDER BY lt.code`,
    [userId, year],
  );
  return rows as LeaveBalance[];
}

export async function openYearForUser(db: Queryable, userId: string, year: number): Promise<void> {
  await db.query(
    `INSERT INTO leaves.leave_balances (user_id, leave_type_id, year, entitled_days)
     SELECT $1, lt.id, $2, lt.default_days_per_year
       FROM leaves.leave_types lt
      WHERE lt.is_active AND lt.default_days_per_year > 0
     ON CONFLICT (user_id, leave_type_id, year) DO NOTHING`,
    [userId, year],
  );
}
