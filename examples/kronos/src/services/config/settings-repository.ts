// Settings and feature flags for the config service. Queries only the `config` schema.

export interface Queryable {
  query(sql: string, params: unknown[]): Promise<{ rows: unknown[] }>;
}

export async function getSetting<T = unknown>(db: Queryable, key: string): Promise<T | undefined> {
  const { rows } = await db.query(`SELECT value FROM config.settings WHERE key = $1`, [key]);
  return (rows[0] as { value: T } | undefined)?.value;
}

export async function putSetting(
  db: Queryable,
  key: string,
  value: unknown,
  updatedBy: string,
): Promise<void> {
  await db.query(
    `INSERT INTO config.settings (key, value, updated_by)
     VALUES ($1, $2::jsonb, $3)
     ON CONFLICT (key) DO UPDATE
       SET value = EXCLUDED.value, updated_by = EXCLUDED.updated_by, updated_at = now()`,
    [key, JSON.stringify(value), updatedBy],
  );
}

export async function listFeatureFlags(
  db: Queryable,
): Promise<{ name: string; enabled: boolean; rollout_percentage: number }[]> {
  const { rows } = await db.query(
    `SELECT name, enabled, rollout_percentage FROM config.feature_flags ORDER BY name`,
    [],
  );
  return rows as { name: string; enabled: boolean; rollout_percentage: number }[];
}

export async function setFeatureFlag(db: Queryable, name: string, enabled: boolean): Promise<void> {
  await db.query(`UPDATE config.feature_flags SET enabled = $2, updated_at = now() WHERE name = $1`, [
    name,
    enabled,
  ]);
}
