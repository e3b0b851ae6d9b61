import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../../../test/harness/backends.js';
import { findColumn, findTable } from '../../catalog/find-table.js';
import { introspectCatalog } from '../../catalog/introspect-catalog.js';
import type { Db } from '../../db/db.js';
import { loadSqlParser, parseSql } from '../../migrations/sql-parser.js';
import { classifyTypeChange, columnTypeBefore, conversionOf, type TypeChangeKind } from './type-change.js';
import { readTypeName } from './type-name.js';

// [column type before, ALTER ... TYPE clause, what dbward predicts, USING expression, row value].
// The test checks each prediction against what the server really does: a rewrite (and so every
// narrowing) gives the table a new relfilenode; `fails` is an ALTER the server refuses.
const CASES: [string, string, TypeChangeKind, string?, string?][] = [
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
  // Bit strings: bit varying widens for free; bit(n) holds exactly n bits.
  ['varbit(4)', 'varbit(8)', 'none'],
  ['varbit(4)', 'bit varying', 'none'],
  ['varbit(8)', 'varbit(4)', 'lossy'],
  ['bit(4)', 'varbit', 'none', undefined, "'1010'"],
  ['bit(4)', 'varbit(8)', 'rewrite', undefined, "'1010'"],
  ['bit(4)', 'bit(8)', 'lossy', undefined, 'NULL'],
  ['bit(4)', 'bit(4)', 'none', undefined, "'1010'"],
  // Other binary-compatible casts.
  ['cidr', 'inet', 'none', undefined, "'10.0.0.0/8'"],
  ['inet', 'cidr', 'lossy', undefined, "'10.0.0.0/8'"],
  ['xml', 'text', 'none', undefined, 'NULL'],
  // Arrays are relabelled only to the same element type; otherwise every element converts.
  ['varchar(10)[]', 'varchar(20)[]', 'rewrite', undefined, "'{a}'"],
  ['varchar(10)[]', 'text[]', 'rewrite', undefined, "'{a}'"],
  ['varchar(10)[]', 'varchar[]', 'none', undefined, "'{a}'"],
  ['varchar(20)[]', 'varchar(10)[]', 'lossy', undefined, "'{a}'"],
  ['numeric(10,2)[]', 'numeric(12,2)[]', 'rewrite', undefined, "'{1}'"],
  ['int4[]', 'int8[]', 'rewrite', undefined, "'{1}'"],
  ['int4[]', 'integer[]', 'none', undefined, "'{1}'"],
  // name holds 63 bytes: text is cut to fit, silently.
  ['text', 'name', 'lossy'],
  ['varchar(20)', 'name', 'lossy'],
  ['varchar(10)', 'name', 'rewrite'],
  ['name', 'text', 'rewrite'],
  ['name', 'varchar(10)', 'lossy'],
  // Text converts to most types only with USING.
  ['text', 'int4', 'fails'],
  ['varchar(10)', 'date', 'fails'],
  ['text', 'jsonb', 'fails', undefined, "'{}'"],
  ['text', 'uuid', 'fails', undefined, 'NULL'],
  ['char(3)', 'bool', 'fails', undefined, "'t'"],
  ['text', 'timestamptz', 'fails', undefined, "'2026-01-01'"],
  // USING the column, or the column cast to the new type, is the plain conversion; any other
  // expression computes every value again.
  ['varchar(10)', 'varchar(20)', 'none', 'c'],
  ['varchar(10)', 'varchar(20)', 'none', 'c::varchar(20)'],
  ['varchar(10)', 'text', 'none', 'CAST(probe.c AS text)'],
  ['varchar(20)', 'varchar(10)', 'lossy', 'c::varchar(10)'],
  ['int8', 'int4', 'lossy', 'c'],
  ['text', 'int4', 'lossy', 'c::integer'],
  ['text', 'int4', 'rewrite', 'length(c)'],
  ['text', 'varchar(20)', 'rewrite', 'c::varchar'],
  ['int4', 'int4', 'rewrite', 'c + 0'],
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

      it.each(CASES)('%s -> %s: %s (USING %s)', async (from, to, expected, using, value) => {
        await db.exec(
          `DROP TABLE IF EXISTS probe; CREATE TABLE probe (c ${from}); INSERT INTO probe VALUES (${value ?? sampleValue(from)});`,
        );
        const catalog = await introspectCatalog(db, { schemas: ['public'] });
        const table = findTable(catalog, 'public', 'probe');
        const column = table === undefined ? undefined : findColumn(table, 'c');
        if (column === undefined) throw new Error('probe column not introspected');
        const alter = `ALTER TABLE probe ALTER COLUMN c TYPE ${to}${using === undefined ? '' : ` USING ${using}`}`;
        const parsed = parseSql(alter);
        const ast = parsed.ok ? parsed.statements[0]?.ast : undefined;
        const command =
          ast !== undefined && 'AlterTableStmt' in ast ? ast.AlterTableStmt.cmds?.[0] : undefined;
        const definition =
          command !== undefined && 'AlterTableCmd' in command ? command.AlterTableCmd.def : undefined;
        const typeName =
          definition !== undefined && 'ColumnDef' in definition ? definition.ColumnDef.typeName : undefined;
        const newType = readTypeName(typeName);
        const usingExpression =
          definition !== undefined && 'ColumnDef' in definition
            ? definition.ColumnDef.raw_default
            : undefined;
        const conversion = conversionOf(usingExpression, 'c', newType);
        const predicted = classifyTypeChange(columnTypeBefore(column), newType, conversion);
        expect(predicted.kind).toBe(expected);

        const fileNode = async () =>
          (
            await db.query<{ node: string }>(
              "SELECT relfilenode::text AS node FROM pg_class WHERE relname = 'probe'",
            )
          ).rows[0]?.node;
        const before = await fileNode();
        if (expected === 'fails') {
          await expect(db.exec(alter)).rejects.toThrow(/cannot be cast automatically/);
          return;
        }
        await db.exec(alter);
        const rewritten = (await fileNode()) !== before;
        expect(rewritten).toBe(expected !== 'none');
      });
    });
  }
});
