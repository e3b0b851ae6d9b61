// Leave requests for the leaves service. Queries only the `leaves` schema
// (plus reads of `audit`, which every service may read).

export interface Queryable {
  query(sql: string, params: unknown[]): Promise<{ rows: unknown[] }>;
}

export type LeaveRequestStatus = 'pending' | 'approved' | 'rejected' | 'cancelled';

export interface LeaveRequest {
  id: string;
  user_id: string;
  leave_type_code: string;
  start_date: string;
  end_date: string;
  days: string;
  half_day: boolean;
  status: LeaveRequestStatus;
}

export async function findLeaveRequestsForUser(db: Queryable, userId: string): Promise<LeaveRequest[]> {
  const { rows } = await db.query(
    `SELECT lr.id, lr.user_id, lt.code AS leave_type_code, lr.start_date, lr.end_date,
            lr.days, lr.half_day, lr.status
       FROM leaves.leave_requests lr
       JOIN leaves.leave_types lt ON lt.id = lr.leave_type_id
      WHERE lr.user_id = $1
      ORDER BY lr.created_at DESC`,
    [userId],
  );
  return rows as LeaveRequest[];
}

export async function findPendingApprovals(db: Queryable, from: string): Promise<LeaveRequest[]> {
  const { rows } = await db.query(
    `SELECT lr.id, lr.user_id, lt.code AS leave_type_code, lr.start_date, lr.end_date,
            lr.days, lr.half_day, lr.status
       FROM leaves.leave_requests lr
       JOIN leaves.leave_types lt ON lt.id = lr.leave_type_id
      WHERE lr.status = 'pending' AND lr.start_date >= $1
      ORDER BY lr.start_date`,
    [from],
  );
  return rows as LeaveRequest[];
}

export async function reviewLeaveRequest(
  db: Queryable,
  requestId: string,
  reviewerId: string,
  decision: 'approved' | 'rejected',
): Promise<boolean> {
  const { rows } = await db.query(
    `UPDATE leaves.leave_requests
        SET status = $3::leaves.leave_request_status, reviewed_by = $2, reviewed_at = now(), updated_at = now()
      WHERE id = $1 AND status = 'pending'
      RETURNING id`,
    [requestId, reviewerId, decision],
  );
  return rows.length === 1;
}

export async function findLeaveRequestHistory(
  db: Queryable,
  requestId: string,
): Promise<{ occurred_at: Date; actor_id: string | null; action: string; payload: unknown }[]> {
  const { rows } = await db.query(
    `SELECT occurred_at, actor_id, action, payload
       FROM audit.audit_log
      WHERE entity_type = 'leave_request' AND entity_id = $1
      ORDER BY occurred_at`,
    [requestId],
  );
  return rows as { occurred_at: Date; actor_id: string | null; action: string; payload: unknown }[];
}
