// Notifications for the notifications service. Queries only the `notifications` schema.

export interface Queryable {
  query(sql: string, params: unknown[]): Promise<{ rows: unknown[] }>;
}

export interface Template {
  id: string;
  subject: string;
  body: string;
}

export async function findTemplate(
  db: Queryable,
  code: string,
  channel: 'email' | 'in_app' | 'push',
  locale: string,
): Promise<Template | undefined> {
  const { rows } = await db.query(
    `SELECT id, subject, body
       FROM notifications.notification_templates
      WHERE code = $1 AND channel = $2 AND locale IN ($3, 'en')
      ORDER BY (locale = $3) DESC
      LIMIT 1`,
    [code, channel, locale],
  );
  return rows[0] as Template | undefined;
}

export async function enqueueNotification(
  db: Queryable,
  input: { userId: string; templateId: string; channel: string; subject: string; body: string; data: object },
): Promise<string | undefined> {
  const { rows } = await db.query(
    `INSERT INTO notifications.notifications (user_id, template_id, channel, subject, body, data)
     SELECT $1, $2, $3, $4, $5, $6::jsonb
      WHERE NOT EXISTS (
        SELECT 1 FROM notifications.notification_preferences p
         WHERE p.user_id = $1 AND p.channel = $3 AND NOT p.enabled)
     RETURNING id`,
    [input.userId, input.templateId, input.channel, input.subject, input.body, JSON.stringify(input.data)],
  );
  return (rows[0] as { id: string } | undefined)?.id;
}

export async function claimQueuedNotifications(db: Queryable, limit: number): Promise<unknown[]> {
  const { rows } = await db.query(
    `UPDATE notifications.notifications n
        SET attempts = n.attempts + 1
      WHERE n.id IN (
        SELECT id FROM notifications.notifications
         WHERE status = 'queued'
         ORDER BY created_at
         LIMIT $1
         FOR UPDATE SKIP LOCKED)
      RETURNING n.id, n.user_id, n.channel, n.subject, n.body, n.data`,
    [limit],
  );
  return rows;
}

export async function markRead(db: Queryable, userId: string, notificationId: string): Promise<void> {
  await db.query(
    `UPDATE notifications.notifications SET read_at = now()
      WHERE id = $1 AND user_id = $2 AND read_at IS NULL`,
    [notificationId, userId],
  );
}
