// Data access for the auth service. Queries only the `auth` schema.

export interface Queryable {
  query(sql: string, params: unknown[]): Promise<{ rows: unknown[] }>;
}

export interface User {
  id: string;
  email: string;
  full_name: string;
  is_active: boolean;
  locale: string;
  last_login_at: Date | null;
}

export async function findUserByEmail(db: Queryable, email: string): Promise<User | undefined> {
  const { rows } = await db.query(
    `SELECT id, email, full_name, is_active, locale, last_login_at
       FROM auth.users
      WHERE email = lower($1)`,
    [email],
  );
  return rows[0] as User | undefined;
}

export async function createUser(
  db: Queryable,
  input: { email: string; fullName: string; passwordHash: string },
): Promise<User> {
  const { rows } = await db.query(
    `INSERT INTO auth.users (email, full_name, password_hash)
     VALUES (lower($1), $2, $3)
     RETURNING id, email, full_name, is_active, locale, last_login_at`,
    [input.email, input.fullName, input.passwordHash],
  );
  return rows[0] as User;
}

export async function findRoleNamesForUser(db: Queryable, userId: string): Promise<string[]> {
  const { rows } = await db.query(
    `SELECT r.name
       FROM auth.user_roles ur
       JOIN auth.roles r ON r.id = ur.role_id
      WHERE ur.user_id = $1
      ORDER BY r.name`,
    [userId],
  );
  return (rows as { name: string }[]).map((row) => row.name);
}

export async function grantRole(
  db: Queryable,
  userId: string,
  roleName: string,
  grantedBy: string | null,
): Promise<void> {
  await db.query(
    `INSERT INTO auth.user_roles (user_id, role_id, granted_by)
     SELECT $1, r.id, $3 FROM auth.roles r WHERE r.name = $2
     ON CONFLICT (user_id, role_id) DO NOTHING`,
    [userId, roleName, grantedBy],
  );
}
