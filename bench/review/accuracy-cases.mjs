/**
 * The accuracy corpus: small migrations, one concern each, with what a careful reviewer expects
 * (`flag: true` = this is dangerous and should be reported). Every case runs in its own service,
 * after BASE_MIGRATION, so "existing table" means users / sessions below. `why` explains the
 * expected disagreement with squawk when there is one; the report prints it only when the two
 * tools do disagree on the case.
 */

/** Every case service starts from this schema (unqualified names land in the service's schema). */
export const BASE_MIGRATION = `-- migrate:up
CREATE TABLE users (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email varchar(100) NOT NULL,
  nickname varchar(50),
  age integer,
  balance numeric(10,2),
  code text,
  bio text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_uidx ON users (email);
CREATE INDEX users_nickname_idx ON users (nickname);
CREATE TABLE sessions (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES users (id),
  token text
);
CREATE INDEX sessions_user_id_idx ON sessions (user_id);
-- migrate:down
DROP TABLE sessions;
DROP TABLE users;
`;

/** The other service's schema, for the cross-schema concerns. */
export const AUTH_MIGRATION = `-- migrate:up
CREATE TABLE accounts (id bigint PRIMARY KEY, email text NOT NULL);
-- migrate:down
DROP TABLE accounts;
`;

const NO_SCHEMA =
  'squawk has no schema context: it cannot tell that the table was created earlier in the same file';
const NO_OLD_TYPE =
  "squawk does not know the column's current type, so it cannot tell widening from narrowing";
const NO_RULE = 'squawk has no rule for this';

/**
 * Concerns, each with the squawk rules and dbward rule ids that speak to it. A case's verdict for a
 * tool is "reported by one of the concern's rules in the up section".
 */
export const CONCERNS = [
  { name: 'drop table', squawk: ['ban-drop-table'], dbward: ['drop-table'] },
  { name: 'drop column', squawk: ['ban-drop-column'], dbward: ['drop-column'] },
  { name: 'narrowing type change', squawk: ['changing-column-type'], dbward: ['alter-column-type'] },
  { name: 'widening type change', squawk: ['changing-column-type'], dbward: ['alter-column-type'] },
  {
    name: 'index not concurrently',
    squawk: ['require-concurrent-index-creation'],
    dbward: ['create-index-not-concurrently'],
  },
  {
    name: 'index on a new table',
    squawk: ['require-concurrent-index-creation'],
    dbward: ['create-index-not-concurrently'],
  },
  {
    name: 'foreign key without NOT VALID',
    squawk: ['adding-foreign-key-constraint', 'constraint-missing-not-valid'],
    dbward: ['constraint-not-valid'],
  },
  {
    name: 'check without NOT VALID',
    squawk: ['constraint-missing-not-valid'],
    dbward: ['constraint-not-valid'],
  },
  {
    name: 'set not null',
    squawk: ['adding-not-nullable-field'],
    dbward: ['set-not-null'],
  },
  {
    name: 'add NOT NULL column without default',
    squawk: ['adding-required-field', 'adding-not-nullable-field'],
    dbward: ['add-not-null-column-without-default'],
  },
  {
    name: 'volatile default',
    squawk: ['adding-field-with-default'],
    dbward: ['volatile-default'],
  },
  { name: 'rename column', squawk: ['renaming-column'], dbward: ['rename-column'] },
  { name: 'rename table', squawk: ['renaming-table'], dbward: ['rename-table'] },
  { name: 'truncate', squawk: ['ban-truncate-cascade'], dbward: ['truncate'] },
  {
    name: 'DELETE/UPDATE without WHERE',
    squawk: [],
    dbward: ['delete-without-where', 'update-without-where'],
  },
  {
    name: 'CONCURRENTLY inside a transaction',
    squawk: ['ban-concurrent-index-creation-in-transaction'],
    dbward: ['concurrently-in-transaction'],
  },
  {
    name: 'drop index not concurrently',
    squawk: ['require-concurrent-index-deletion'],
    dbward: ['drop-index-not-concurrently'],
  },
  {
    name: 'unique constraint without an index',
    squawk: ['disallowed-unique-constraint'],
    dbward: ['unique-without-index'],
  },
  {
    name: 'VACUUM FULL / CLUSTER',
    squawk: [],
    dbward: ['vacuum-full', 'cluster'],
  },
  {
    name: 'int primary key',
    squawk: ['prefer-bigint-over-int', 'prefer-identity'],
    dbward: ['prefer-bigint-primary-key'],
  },
  {
    name: 'timestamp without time zone',
    squawk: ['prefer-timestamp-tz'],
    dbward: ['prefer-timestamptz'],
  },
  {
    name: 'char(n)',
    squawk: ['ban-char-field'],
    dbward: ['prefer-text-over-char'],
  },
  { name: 'cross-schema foreign key', squawk: [], dbward: ['cross-schema-foreign-key'] },
  { name: 'cross-schema reference', squawk: [], dbward: ['cross-schema-reference'] },
  {
    name: 'DROP SCHEMA / DATABASE',
    squawk: ['ban-drop-database'],
    dbward: ['drop-schema', 'drop-database'],
  },
  {
    name: 'foreign key column without index',
    squawk: [],
    dbward: ['foreign-key-without-index'],
  },
  { name: 'missing down', squawk: [], dbward: ['missing-down'] },
  { name: 'syntax error', squawk: ['syntax-error'], dbward: ['syntax-error'] },
  // Any rule counts here: the down section undoes the up section and is expected to drop things.
  { name: 'undo statements in the down section', squawk: '*', dbward: '*', section: 'down' },
];

const NO_TX = '-- dbward:no-transaction';

/** `directives` go above `-- migrate:up`; `down` defaults to a harmless statement. */
export const CASES = [
  // drop table
  { concern: 'drop table', flag: true, up: 'DROP TABLE sessions;' },
  { concern: 'drop table', flag: true, up: 'DROP TABLE IF EXISTS sessions CASCADE;' },
  {
    concern: 'drop table',
    flag: false,
    up: 'CREATE TABLE import_batch (id bigint PRIMARY KEY);\nDROP TABLE import_batch;',
    why: NO_SCHEMA,
  },
  {
    concern: 'drop table',
    flag: false,
    up: 'DROP TABLE IF EXISTS never_created;',
    why: 'squawk cannot know that no such table exists before the migration, which makes the statement a no-op',
  },
  // drop column
  { concern: 'drop column', flag: true, up: 'ALTER TABLE users DROP COLUMN bio;' },
  {
    concern: 'drop column',
    flag: true,
    up: 'ALTER TABLE users DROP COLUMN IF EXISTS bio, DROP COLUMN code;',
  },
  {
    concern: 'drop column',
    flag: false,
    up: 'CREATE TABLE drafts (id bigint PRIMARY KEY, tmp text);\nALTER TABLE drafts DROP COLUMN tmp;',
    why: NO_SCHEMA,
  },
  { concern: 'drop column', flag: false, up: 'ALTER TABLE users ALTER COLUMN bio DROP DEFAULT;' },
  // narrowing
  {
    concern: 'narrowing type change',
    flag: true,
    up: 'ALTER TABLE users ALTER COLUMN email TYPE varchar(20);',
  },
  {
    concern: 'narrowing type change',
    flag: true,
    up: 'ALTER TABLE users ALTER COLUMN balance TYPE numeric(6,2);',
  },
  { concern: 'narrowing type change', flag: true, up: 'ALTER TABLE users ALTER COLUMN age TYPE smallint;' },
  {
    concern: 'narrowing type change',
    flag: true,
    up: 'ALTER TABLE users ALTER COLUMN code TYPE integer USING code::integer;',
  },
  // widening
  {
    concern: 'widening type change',
    flag: false,
    up: 'ALTER TABLE users ALTER COLUMN email TYPE varchar(255);',
    why: NO_OLD_TYPE,
  },
  {
    concern: 'widening type change',
    flag: false,
    up: 'ALTER TABLE users ALTER COLUMN nickname TYPE text;',
    why: NO_OLD_TYPE,
  },
  {
    concern: 'widening type change',
    flag: false,
    up: 'ALTER TABLE users ALTER COLUMN balance TYPE numeric(14,2);',
    why: NO_OLD_TYPE,
  },
  // index not concurrently
  {
    concern: 'index not concurrently',
    flag: true,
    up: 'CREATE INDEX users_created_at_idx ON users (created_at);',
  },
  {
    concern: 'index not concurrently',
    flag: true,
    up: 'CREATE UNIQUE INDEX users_lower_email_idx ON users (lower(email));',
  },
  {
    concern: 'index not concurrently',
    flag: false,
    directives: [NO_TX],
    up: 'CREATE INDEX CONCURRENTLY users_created_at_idx ON users (created_at);',
  },
  // index on a new table
  {
    concern: 'index on a new table',
    flag: false,
    up: 'CREATE TABLE teams (id bigint PRIMARY KEY, name text);\nCREATE INDEX teams_name_idx ON teams (name);',
    why: NO_SCHEMA,
  },
  {
    concern: 'index on a new table',
    flag: false,
    up: 'CREATE TABLE user_copy AS SELECT id, email FROM users;\nCREATE INDEX user_copy_email_idx ON user_copy (email);',
    why: NO_SCHEMA,
  },
  // foreign key NOT VALID
  {
    concern: 'foreign key without NOT VALID',
    flag: true,
    up: 'ALTER TABLE sessions ADD CONSTRAINT sessions_user_fk FOREIGN KEY (user_id) REFERENCES users (id);',
  },
  {
    concern: 'foreign key without NOT VALID',
    flag: false,
    up: 'ALTER TABLE sessions ADD CONSTRAINT sessions_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;',
  },
  {
    concern: 'foreign key without NOT VALID',
    flag: false,
    up: 'CREATE TABLE devices (id bigint PRIMARY KEY, user_id bigint);\nALTER TABLE devices ADD CONSTRAINT devices_user_fk FOREIGN KEY (user_id) REFERENCES users (id);\nCREATE INDEX devices_user_id_idx ON devices (user_id);',
    why: NO_SCHEMA,
  },
  // check NOT VALID
  {
    concern: 'check without NOT VALID',
    flag: true,
    up: 'ALTER TABLE users ADD CONSTRAINT users_age_check CHECK (age >= 0);',
  },
  {
    concern: 'check without NOT VALID',
    flag: false,
    up: 'ALTER TABLE users ADD CONSTRAINT users_age_check CHECK (age >= 0) NOT VALID;',
  },
  {
    concern: 'check without NOT VALID',
    flag: false,
    up: 'CREATE TABLE teams (id bigint PRIMARY KEY, size int);\nALTER TABLE teams ADD CONSTRAINT teams_size_check CHECK (size > 0);',
    why: NO_SCHEMA,
  },
  // set not null
  { concern: 'set not null', flag: true, up: 'ALTER TABLE users ALTER COLUMN nickname SET NOT NULL;' },
  {
    concern: 'set not null',
    flag: false,
    up: 'ALTER TABLE users ADD CONSTRAINT users_nickname_not_null CHECK (nickname IS NOT NULL) NOT VALID;',
  },
  {
    concern: 'set not null',
    flag: false,
    up: 'CREATE TABLE teams (id bigint PRIMARY KEY, name text);\nALTER TABLE teams ALTER COLUMN name SET NOT NULL;',
    why: NO_SCHEMA,
  },
  // add NOT NULL column without default
  {
    concern: 'add NOT NULL column without default',
    flag: true,
    up: 'ALTER TABLE users ADD COLUMN tenant_id bigint NOT NULL;',
  },
  {
    concern: 'add NOT NULL column without default',
    flag: false,
    up: 'ALTER TABLE users ADD COLUMN tenant_id bigint NOT NULL DEFAULT 0;',
  },
  {
    concern: 'add NOT NULL column without default',
    flag: false,
    up: 'ALTER TABLE users ADD COLUMN tenant_id bigint;',
  },
  {
    concern: 'add NOT NULL column without default',
    flag: false,
    up: 'CREATE TABLE teams (id bigint PRIMARY KEY);\nALTER TABLE teams ADD COLUMN name text NOT NULL;',
    why: NO_SCHEMA,
  },
  // volatile default
  {
    concern: 'volatile default',
    flag: true,
    up: 'ALTER TABLE users ADD COLUMN api_key uuid DEFAULT gen_random_uuid();',
  },
  {
    concern: 'volatile default',
    flag: true,
    up: 'ALTER TABLE users ADD COLUMN seen_at timestamptz DEFAULT clock_timestamp();',
  },
  {
    concern: 'volatile default',
    flag: false,
    up: 'ALTER TABLE users ADD COLUMN active boolean NOT NULL DEFAULT true;',
  },
  {
    concern: 'volatile default',
    flag: false,
    up: 'ALTER TABLE users ADD COLUMN joined_at timestamptz DEFAULT now();',
  },
  {
    concern: 'volatile default',
    flag: false,
    up: 'CREATE TABLE teams (id bigint PRIMARY KEY);\nALTER TABLE teams ADD COLUMN token uuid DEFAULT gen_random_uuid();',
    why: NO_SCHEMA,
  },
  // renames
  { concern: 'rename column', flag: true, up: 'ALTER TABLE users RENAME COLUMN bio TO about;' },
  {
    concern: 'rename column',
    flag: false,
    up: 'CREATE TABLE teams (id bigint PRIMARY KEY, nme text);\nALTER TABLE teams RENAME COLUMN nme TO name;',
    why: NO_SCHEMA,
  },
  { concern: 'rename table', flag: true, up: 'ALTER TABLE sessions RENAME TO user_sessions;' },
  {
    concern: 'rename table',
    flag: false,
    up: 'CREATE TABLE teamz (id bigint PRIMARY KEY);\nALTER TABLE teamz RENAME TO teams;',
    why: NO_SCHEMA,
  },
  // truncate
  {
    concern: 'truncate',
    flag: true,
    up: 'TRUNCATE sessions;',
    why: 'squawk only bans TRUNCATE ... CASCADE; a plain TRUNCATE deletes every row just the same',
  },
  { concern: 'truncate', flag: true, up: 'TRUNCATE sessions CASCADE;' },
  // DML without WHERE
  { concern: 'DELETE/UPDATE without WHERE', flag: true, up: 'DELETE FROM sessions;', why: NO_RULE },
  { concern: 'DELETE/UPDATE without WHERE', flag: true, up: 'UPDATE users SET bio = NULL;', why: NO_RULE },
  { concern: 'DELETE/UPDATE without WHERE', flag: false, up: 'DELETE FROM sessions WHERE token IS NULL;' },
  { concern: 'DELETE/UPDATE without WHERE', flag: false, up: "UPDATE users SET bio = '' WHERE bio IS NULL;" },
  // CONCURRENTLY inside a transaction
  {
    concern: 'CONCURRENTLY inside a transaction',
    flag: true,
    up: 'CREATE INDEX CONCURRENTLY users_created_at_idx ON users (created_at);',
  },
  {
    concern: 'CONCURRENTLY inside a transaction',
    flag: true,
    up: 'DROP INDEX CONCURRENTLY users_nickname_idx;',
    why: "squawk's rule covers CREATE INDEX CONCURRENTLY only, not DROP INDEX CONCURRENTLY",
  },
  {
    concern: 'CONCURRENTLY inside a transaction',
    flag: false,
    directives: [NO_TX],
    up: 'CREATE INDEX CONCURRENTLY users_created_at_idx ON users (created_at);',
  },
  // drop index
  { concern: 'drop index not concurrently', flag: true, up: 'DROP INDEX users_nickname_idx;' },
  {
    concern: 'drop index not concurrently',
    flag: false,
    directives: [NO_TX],
    up: 'DROP INDEX CONCURRENTLY users_nickname_idx;',
  },
  {
    concern: 'drop index not concurrently',
    flag: false,
    up: 'CREATE TABLE teams (id bigint PRIMARY KEY, name text);\nCREATE INDEX teams_name_idx ON teams (name);\nDROP INDEX teams_name_idx;',
    why: NO_SCHEMA,
  },
  // unique constraint
  {
    concern: 'unique constraint without an index',
    flag: true,
    up: 'ALTER TABLE users ADD CONSTRAINT users_code_key UNIQUE (code);',
  },
  {
    concern: 'unique constraint without an index',
    flag: false,
    up: 'ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_uidx;',
  },
  {
    concern: 'unique constraint without an index',
    flag: false,
    up: 'CREATE TABLE teams (id bigint PRIMARY KEY, name text);\nALTER TABLE teams ADD CONSTRAINT teams_name_key UNIQUE (name);',
    why: NO_SCHEMA,
  },
  // VACUUM FULL / CLUSTER
  {
    concern: 'VACUUM FULL / CLUSTER',
    flag: true,
    directives: [NO_TX],
    up: 'VACUUM FULL users;',
    why: NO_RULE,
  },
  { concern: 'VACUUM FULL / CLUSTER', flag: true, up: 'CLUSTER users USING users_pkey;', why: NO_RULE },
  { concern: 'VACUUM FULL / CLUSTER', flag: false, directives: [NO_TX], up: 'VACUUM (ANALYZE) users;' },
  // int primary key
  {
    concern: 'int primary key',
    flag: true,
    up: 'CREATE TABLE teams (id integer PRIMARY KEY, name text);',
  },
  { concern: 'int primary key', flag: true, up: 'CREATE TABLE teams (id serial PRIMARY KEY, name text);' },
  {
    concern: 'int primary key',
    flag: false,
    up: 'CREATE TABLE teams (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text);',
  },
  {
    concern: 'int primary key',
    flag: false,
    up: 'CREATE TABLE teams (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, headcount integer);',
    why: "squawk's prefer-bigint-over-int flags every int column, not only keys that can run out",
  },
  // timestamp
  {
    concern: 'timestamp without time zone',
    flag: true,
    up: 'ALTER TABLE users ADD COLUMN last_login timestamp;',
  },
  {
    concern: 'timestamp without time zone',
    flag: true,
    up: 'CREATE TABLE events (id bigint PRIMARY KEY, at timestamp without time zone);',
  },
  {
    concern: 'timestamp without time zone',
    flag: false,
    up: 'ALTER TABLE users ADD COLUMN last_login timestamptz;',
  },
  // char(n)
  { concern: 'char(n)', flag: true, up: 'ALTER TABLE users ADD COLUMN country char(2);' },
  { concern: 'char(n)', flag: true, up: 'CREATE TABLE codes (code character(3) PRIMARY KEY);' },
  { concern: 'char(n)', flag: false, up: 'ALTER TABLE users ADD COLUMN country varchar(2);' },
  // cross-schema
  {
    concern: 'cross-schema foreign key',
    flag: true,
    up: 'ALTER TABLE users ADD COLUMN account_id bigint REFERENCES auth.accounts (id);',
    why: 'squawk has no notion of services owning schemas',
  },
  {
    concern: 'cross-schema foreign key',
    flag: true,
    up: 'CREATE TABLE grants (id bigint PRIMARY KEY, account_id bigint, FOREIGN KEY (account_id) REFERENCES auth.accounts (id));',
    why: 'squawk has no notion of services owning schemas',
  },
  {
    concern: 'cross-schema foreign key',
    flag: false,
    up: 'CREATE TABLE devices (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id));',
  },
  {
    concern: 'cross-schema reference',
    flag: true,
    up: "INSERT INTO auth.accounts (id, email) VALUES (1, 'a@b.c');",
    why: 'squawk has no notion of services owning schemas',
  },
  {
    concern: 'cross-schema reference',
    flag: true,
    up: 'CREATE VIEW account_emails AS SELECT id, email FROM auth.accounts;',
    why: 'squawk has no notion of services owning schemas',
  },
  {
    concern: 'cross-schema reference',
    flag: false,
    up: 'CREATE VIEW user_emails AS SELECT id, email FROM users;',
  },
  // DROP SCHEMA / DATABASE
  {
    concern: 'DROP SCHEMA / DATABASE',
    flag: true,
    up: 'DROP SCHEMA legacy CASCADE;',
    why: 'squawk 2.61 bans DROP DATABASE but has no rule for DROP SCHEMA',
  },
  { concern: 'DROP SCHEMA / DATABASE', flag: true, directives: [NO_TX], up: 'DROP DATABASE legacy;' },
  // FK without index
  {
    concern: 'foreign key column without index',
    flag: true,
    up: 'CREATE TABLE devices (id bigint PRIMARY KEY, user_id bigint NOT NULL REFERENCES users (id));',
    why: NO_RULE,
  },
  {
    concern: 'foreign key column without index',
    flag: false,
    up: 'CREATE TABLE devices (id bigint PRIMARY KEY, user_id bigint NOT NULL REFERENCES users (id));\nCREATE INDEX devices_user_id_idx ON devices (user_id);',
  },
  // missing down
  {
    concern: 'missing down',
    flag: true,
    up: 'ALTER TABLE users ADD COLUMN about text;',
    down: null,
    why: 'squawk lints SQL, not the migration file format (it has no idea of up and down)',
  },
  {
    concern: 'missing down',
    flag: false,
    up: 'ALTER TABLE users ADD COLUMN about text;',
    down: 'ALTER TABLE users DROP COLUMN about;',
  },
  // syntax error
  { concern: 'syntax error', flag: true, up: 'ALTER TABLE users ADD COLUMN;' },
  { concern: 'syntax error', flag: true, up: 'CREATE TABLE teams (id bigint PRIMARY KEY,);' },
  { concern: 'syntax error', flag: false, up: 'CREATE TABLE teams (id bigint PRIMARY KEY);' },
  // the down section
  {
    concern: 'undo statements in the down section',
    flag: false,
    up: 'CREATE TABLE teams (id bigint PRIMARY KEY);',
    down: 'DROP TABLE teams;',
    why: 'squawk lints the whole file; it cannot tell the down section (run only on rollback) from the up section',
  },
  {
    concern: 'undo statements in the down section',
    flag: false,
    up: 'ALTER TABLE users ADD COLUMN about text;',
    down: 'ALTER TABLE users DROP COLUMN about;',
    why: 'squawk lints the whole file; it cannot tell the down section (run only on rollback) from the up section',
  },
  {
    concern: 'undo statements in the down section',
    flag: false,
    directives: [NO_TX],
    up: 'CREATE INDEX CONCURRENTLY users_created_at_idx ON users (created_at);',
    down: 'DROP INDEX CONCURRENTLY users_created_at_idx;',
  },
];
