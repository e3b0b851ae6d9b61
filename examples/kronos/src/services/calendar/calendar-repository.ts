// Events and holidays for the calendar service. Queries only the `calendar` schema.

export interface Queryable {
  query(sql: string, params: unknown[]): Promise<{ rows: unknown[] }>;
}

export interface CalendarEntry {
  kind: 'event' | 'holiday';
  title: string;
  starts_at: Date | string;
  ends_at: Date | string;
  all_day: boolean;
}

export async function findCalendar(
  db: Queryable,
  userId: string,
  countryCode: string,
  from: string,
  to: string,
): Promise<CalendarEntry[]> {
  const { rows } = await db.query(
    `SELECT 'event' AS kind, e.title, e.starts_at, e.ends_at, e.all_day
       FROM calendar.events e
      WHERE e.user_id = $1 AND e.starts_at < $4::date + 1 AND e.ends_at >= $3::date
     UNION ALL
     SELECT 'holiday', h.name, h.holiday_date::timestamptz, h.holiday_date::timestamptz, NOT h.is_half_day
       FROM calendar.holidays h
      WHERE h.country_code = $2 AND h.holiday_date BETWEEN $3::date AND $4::date
      ORDER BY 3`,
    [userId, countryCode, from, to],
  );
  return rows as CalendarEntry[];
}

/** Called when the leaves service reports an approved request (over HTTP). */
export async function upsertLeaveEvent(
  db: Queryable,
  input: { userId: string; leaveRequestId: string; title: string; startDate: string; endDate: string },
): Promise<void> {
  await db.query(
    `INSERT INTO calendar.events (user_id, source, source_id, title, starts_at, ends_at, all_day)
     VALUES ($1, 'leave', $2, $3, $4::date, $5::date + 1, true)
     ON CONFLICT (source, source_id) WHERE source_id IS NOT NULL
     DO UPDATE SET title = EXCLUDED.title, starts_at = EXCLUDED.starts_at, ends_at = EXCLUDED.ends_at`,
    [input.userId, input.leaveRequestId, input.title, input.startDate, input.endDate],
  );
}

export async function deleteLeaveEvent(db: Queryable, leaveRequestId: string): Promise<void> {
  await db.query(`DELETE FROM calendar.events WHERE source = 'leave' AND source_id = $1`, [leaveRequestId]);
}
