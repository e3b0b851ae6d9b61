import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../../../test/harness/backends.js';
import { findColumn, findTable } from '../../catalog/find-table.js';
import { introspectCatalog } from '../../catalog/introspect-catalog.js';
import type { Db } from '../../db/db.js';
import { loadSqlParser, parseSql } from '../../migrations/sql-parser.js';
import { classifyTypeChange, columnTypeBefore, type TypeChangeKind } from './type-change.js';
import { readTypeName } from './type-name.js';

// [column type before, ALTER ... TYPE clause, what dbward predicts]. The test checks each
// prediction against what the server really does: a rewrite gives the table a new relfilenode.
const CASES: [string, string, TypeChangeKind][] = [
  ['varchar(50)', 'varchar(255)', 'none'],
  ['varchar(50)', 'text', 'none'],
  ['varchar(50)', 'varchar', 'none'],
  ['text', 'varchar', 'none'],
  ['numeric(10,2)', 'numeric(12,2)', 'none'],
  ['numeric(10,2)', 'numeric', 'none'],
  ['timestamp(3)', 'timestamp(6)', 'none'],
  ['timestamptz(0)', 'timestamptz', 'none'],
  ['int4', 'int8', 'rewrite'],
  ['int2', 'int4', 'rewrite'],
  ['char(3)', 'varchar(10)', 'rewrite'],
  ['char(3)', 'text', 'rewrite'],
  ['numeric(10,2)', 'numeric(12,4)', 'rewrite'],
  ['timestamp', 'timestamptz', 'rewrite'],
  ['date', 'timestamptz', 'rewrite'],
  ['json', 'jsonb', 'rewrite'],
  ['int4', 'text', 'rewrite'],
  ['float4', 'float8', 'rewrite'],
  ['varchar(50)', 'varchar(20)', 'lossy'],
  ['text', 'varchar(10)', 'lossy'],
  ['numeric(10,2)', 'numeric(8,2)', 'lossy'],
  ['numeric', 'numeric(10,2)', 'lossy'],
  ['int8', 'int4', 'lossy'],
  ['numeric', 'int4', 'lossy'],
  ['timestamp(6)', 'timestamp(0)', 'lossy'],
];

const VALUES: Record<string, string> = { date: "'2026-01-01'", json: "'{}'", timestamp: "'2026-01-01'" };

function sampleValue(type: string): string {
  const base = type.replace(/\(.*$/, '');
  return VALUES[base] ?? (base.startsWith('timestamp') ? "'2026-01-01'" : "'1'");
}

describe('classifyTypeChange predicts rewrites the way PostgreSQL performs them', () => {
  beforeAll(loadSqlParser);
  for (const backend of testBackends()) {
    describe(backend.name, () => {
      let db: Db;
      let drop: () => Promise<void>;
      beforeAll(async () => {
        const database = await backend.createDatabase();
        drop = database.drop;
        db = await database.open();
        // timestamp <-> timestamptz skips the rewrite when the session zone is UTC; pin another one.
        await db.exec("SET TimeZone = 'Europe/Paris'");
      });
      afterAll(async () => {
        await db?.close();
        await drop?.();
      });

      it.each(CASES)('%s -> %s: %s', async (from, to, expected) => {
        await db.exec(
          `DROP TABLE IF EXISTS probe; CREATE TABLE probe (c ${from}); INSERT INTO probe VALUES (${sampleValue(from)});`,
        );
        const catalog = await introspectCatalog(db, { schemas: ['public'] });
        const table = findTable(catalog, 'public', 'probe');
        const column = table === undefined ? undefined : findColumn(table, 'c');
        if (column === undefined) throw new Error('probe column not introspected');
        const alter = `ALTER TABLE probe ALTER COLUMN c TYPE ${to}`;
        const parsed = parseSql(alter);
        const ast = parsed.ok ? parsed.statements[0]?.ast : undefined;
        const command =
          ast !== undefined && 'AlterTableStmt' in ast ? ast.AlterTableStmt.cmds?.[0] : undefined;
        const definition =
          command !== undefined && 'AlterTableCmd' in command ? command.AlterTableCmd.def : undefined;
        const typeName =
          definition !== undefined && 'ColumnDef' in definition ? definition.ColumnDef.typeName : undefined;
        const predicted = classifyTypeChange(columnTypeBefore(column), readTypeName(typeName), false);
        expect(predicted.kind).toBe(expected);

        const fileNode = async () =>
          (
            await db.query<{ node: string }>(
              "SELECT relfilenode::text AS node FROM pg_class WHERE relname = 'probe'",
            )
          ).rows[0]?.node;
        const before = await fileNode();
        await db.exec(alter);
        const rewritten = (await fileNode()) !== before;
        expect(rewritten).toBe(expected !== 'none');
      });
    });
  }
});
