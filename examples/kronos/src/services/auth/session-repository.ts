// Sessions for the auth service. Queries only the `auth` schema.

export interface Queryable {
  query(sql: string, params: unknown[]): Promise<{ rows: unknown[] }>;
}

export async function createSession(
  db: Queryable,
  input: {
    userId: string;
    tokenHash: Uint8Array;
    userAgent: string | null;
    ip: string | null;
    ttlHours: number;
  },
): Promise<{ id: string; expires_at: Date }> {
  const { rows } = await db.query(
    `INSERT INTO auth.sessions (user_id, token_hash, user_agent, ip_address, expires_at)
     VALUES ($1, $2, $3, $4::inet, now() + make_interval(hours => $5))
     RETURNING id, expires_at`,
    [input.userId, input.tokenHash, input.userAgent, input.ip, input.ttlHours],
  );
  await db.query(`UPDATE auth.users SET last_login_at = now() WHERE id = $1`, [input.userId]);
  return rows[0] as { id: string; expires_at: Date };
}

export async function findActiveSession(
  db: Queryable,
  tokenHash: Uint8Array,
): Promise<{ id: string; user_id: string } | undefined> {
  const { rows } = await db.query(
    `SELECT s.id, s.user_id
       FROM auth.sessions s
       JOIN auth.users u ON u.id = s.user_id
      WHERE s.token_hash = $1
        AND s.revoked_at IS NULL
        AND s.expires_at > now()
        AND u.is_active`,
    [tokenHash],
  );
  return rows[0] as { id: string; user_id: string } | undefined;
}

export async function revokeSession(db: Queryable, sessionId: string): Promise<void> {
  await db.query(`UPDATE auth.sessions SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL`, [
    sessionId,
  ]);
}
