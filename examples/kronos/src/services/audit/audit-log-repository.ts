// The audit service writes the audit log; other services may only read it.

export interface Queryable {
  query(sql: string, params: unknown[]): Promise<{ rows: unknown[] }>;
}

export interface AuditEntry {
  service: string;
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  payload?: Record<string, unknown>;
  requestId?: string;
}

export async function recordAuditEntry(db: Queryable, entry: AuditEntry): Promise<string> {
  const { rows } = await db.query(
    `INSERT INTO audit.audit_log (service, actor_id, action, entity_type, entity_id, payload, request_id)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7)
     RETURNING id`,
    [
      entry.service,
      entry.actorId,
      entry.action,
      entry.entityType,
      entry.entityId,
      JSON.stringify(entry.payload ?? {}),
      entry.requestId ?? null,
    ],
  );
  return String((rows[0] as { id: string | number }).id);
}

export async function findEntriesByActor(
  db: Queryable,
  actorId: string,
  since: Date,
  limit = 100,
): Promise<unknown[]> {
  const { rows } = await db.query(
    `SELECT id, occurred_at, service, action, entity_type, entity_id, payload
       FROM audit.audit_log
      WHERE actor_id = $1 AND occurred_at >= $2
      ORDER BY occurred_at DESC
      LIMIT $3`,
    [actorId, since, limit],
  );
  return rows;
}

export async function findEntriesByRequest(db: Queryable, requestId: string): Promise<unknown[]> {
  const { rows } = await db.query(
    `SELECT id, occurred_at, service, actor_id, action, entity_type, entity_id, payload
       FROM audit.audit_log
      WHERE request_id = $1
      ORDER BY id`,
    [requestId],
  );
  return rows;
}
