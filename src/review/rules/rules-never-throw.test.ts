import { describe, expect, it } from 'vitest';
import { checkSqlFull } from '../../../test/harness/review-rule.js';

// Statements of every shape a migration may hold. Each rule must judge them without throwing:
// a throwing rule turns into an "internal error" finding, which this test refuses.
const STATEMENTS = [
  'CREATE EXTENSION IF NOT EXISTS pgcrypto',
  "CREATE TYPE mood AS ENUM ('sad', 'ok')",
  "ALTER TYPE mood ADD VALUE 'happy'",
  'CREATE DOMAIN positive AS int CHECK (VALUE > 0)',
  'CREATE SEQUENCE seq START 10',
  'ALTER SEQUENCE seq RESTART WITH 20',
  'CREATE TABLE parts (id bigint, at date) PARTITION BY RANGE (at)',
  "CREATE TABLE parts_2026 PARTITION OF parts FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')",
  'CREATE TABLE IF NOT EXISTS things (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, m mood, p positive, tags text[], meta jsonb)',
  'CREATE UNLOGGED TABLE scratch (LIKE things INCLUDING ALL)',
  'CREATE TEMP TABLE tmp AS SELECT 1 AS x',
  'CREATE VIEW thing_ids AS SELECT id FROM things WITH CHECK OPTION',
  'CREATE MATERIALIZED VIEW thing_count AS SELECT count(*) AS n FROM things WITH NO DATA',
  "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.meta := '{}'; RETURN NEW; END $$",
  'CREATE TRIGGER things_touch BEFORE UPDATE ON things FOR EACH ROW EXECUTE FUNCTION touch()',
  'CREATE POLICY own ON things USING (id > 0)',
  'ALTER TABLE things ENABLE ROW LEVEL SECURITY',
  'CREATE RULE no_delete AS ON DELETE TO things DO INSTEAD NOTHING',
  "DO $$ BEGIN RAISE NOTICE 'hi'; END $$",
  'COMMENT ON TABLE things IS NULL',
  'GRANT SELECT, INSERT ON things TO PUBLIC',
  'REVOKE ALL ON SCHEMA app FROM PUBLIC',
  "ALTER TABLE things ALTER COLUMN meta SET DEFAULT '{}'::jsonb, ALTER COLUMN tags SET STATISTICS 100",
  'ALTER TABLE things ADD COLUMN IF NOT EXISTS extra int, DROP COLUMN IF EXISTS gone CASCADE',
  'ALTER TABLE things ALTER COLUMN m TYPE text USING m::text',
  'ALTER TABLE things ADD CONSTRAINT ex EXCLUDE USING gist (id WITH =)',
  'ALTER TABLE things OWNER TO CURRENT_USER',
  'ALTER TABLE things SET (fillfactor = 90)',
  'ALTER TABLE parts ATTACH PARTITION parts_2026 FOR VALUES FROM (1) TO (2)',
  'ALTER INDEX IF EXISTS things_pkey RENAME TO things_pk',
  'CREATE INDEX ON things USING gin (meta jsonb_path_ops) WHERE meta IS NOT NULL',
  'CREATE INDEX ON things ((meta->>$$k$$)) INCLUDE (id)',
  'INSERT INTO things (meta) VALUES ($${}$$) ON CONFLICT (id) DO UPDATE SET meta = EXCLUDED.meta RETURNING *',
  'WITH gone AS (DELETE FROM things WHERE id < 0 RETURNING id) SELECT count(*) FROM gone',
  'UPDATE things t SET meta = s.meta FROM (SELECT 1 AS id, NULL::jsonb AS meta) s WHERE s.id = t.id',
  'MERGE INTO things t USING (SELECT 1 AS id) s ON t.id = s.id WHEN NOT MATCHED THEN DO NOTHING',
  "COPY things (id) FROM '/tmp/things.csv'",
  'SELECT set_config($$search_path$$, $$app$$, true)',
  'SET LOCAL lock_timeout = 1000',
  'RESET ALL',
  'LOCK TABLE things IN ACCESS EXCLUSIVE MODE',
  'REFRESH MATERIALIZED VIEW thing_count',
  'ANALYZE things',
  'DROP TRIGGER IF EXISTS things_touch ON things',
  'DROP FUNCTION IF EXISTS touch()',
  'DROP TYPE IF EXISTS mood CASCADE',
  'DROP VIEW IF EXISTS thing_ids',
  'DROP OWNED BY CURRENT_USER',
  'DROP EXTENSION IF EXISTS pgcrypto',
  'CREATE SCHEMA IF NOT EXISTS app AUTHORIZATION CURRENT_USER',
  'NOTIFY things_changed',
  'SELECT pg_advisory_xact_lock(1)',
];

describe('every rule on statements of every shape', () => {
  for (const section of ['up', 'down'] as const) {
    it(`judges them in the ${section} section without an internal error`, async () => {
      const body = `${STATEMENTS.join(';\n')};\n`;
      const migration =
        section === 'up'
          ? `-- migrate:up\n${body}-- migrate:down\nSELECT 1;\n`
          : `-- migrate:up\nSELECT 1;\n-- migrate:down\n${body}`;
      const { violations, file } = await checkSqlFull({ migration });
      expect(file.problems).toEqual([]);
      expect(file[section]?.statements.length).toBe(STATEMENTS.length);
      expect(violations.filter((v) => v.message.startsWith('internal error'))).toEqual([]);
      // Every name here is the service's own: `DROP TRIGGER x ON things` once read as schema "things".
      expect(violations.filter((v) => v.rule.startsWith('cross-schema'))).toEqual([]);
      // Every violation is placed inside its statement.
      for (const violation of violations) {
        if (violation.statement === null) continue;
        expect(violation.offset).toBeGreaterThanOrEqual(violation.statement.offset);
        expect(violation.offset).toBeLessThanOrEqual(
          violation.statement.offset + violation.statement.sql.length,
        );
      }
    });
  }
});
