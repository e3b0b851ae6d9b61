import { beforeAll, describe, expect, it } from 'vitest';
import { concurrentOperation } from './concurrent-operation.js';
import { loadSqlParser, parseSql } from './sql-parser.js';

beforeAll(async () => {
  await loadSqlParser();
});

function operationOf(sql: string): string | null {
  const parsed = parseSql(sql);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const [statement] = parsed.statements;
  if (statement === undefined) throw new Error('no statement');
  return concurrentOperation(statement.ast);
}

describe('concurrentOperation', () => {
  it.each([
    ['CREATE INDEX CONCURRENTLY i ON t (a)', 'CREATE INDEX CONCURRENTLY'],
    ['DROP INDEX CONCURRENTLY i', 'DROP INDEX CONCURRENTLY'],
    ['REINDEX TABLE CONCURRENTLY t', 'REINDEX CONCURRENTLY'],
    ['REINDEX (CONCURRENTLY) TABLE t', 'REINDEX CONCURRENTLY'],
    ['REINDEX (CONCURRENTLY on) TABLE t', 'REINDEX CONCURRENTLY'],
    ['ALTER TABLE p DETACH PARTITION p1 CONCURRENTLY', 'DETACH PARTITION CONCURRENTLY'],
  ])('names %s', (sql, operation) => {
    expect(operationOf(sql)).toBe(operation);
  });

  it.each([
    'REINDEX (CONCURRENTLY false) TABLE t',
    'REINDEX (CONCURRENTLY off) TABLE t',
    'REINDEX (CONCURRENTLY 0) TABLE t',
    'CREATE INDEX i ON t (a)',
    'ALTER TABLE p DETACH PARTITION p1',
  ])('finds none in %s (it runs in a transaction)', (sql) => {
    expect(operationOf(sql)).toBeNull();
  });
});
