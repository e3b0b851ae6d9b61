import { describe, expect, it } from 'vitest';
import { checkSql } from '../../../test/harness/review-rule.js';

const rule = 'table-rewrite';
const before =
  'CREATE TABLE events (id bigint PRIMARY KEY, at timestamptz); CREATE UNLOGGED TABLE scratch (id int);';

describe(rule, () => {
  it.each([
    ['SET LOGGED', 'ALTER TABLE scratch SET LOGGED;', 'SET LOGGED rewrites the whole table', 'app.scratch'],
    [
      'SET UNLOGGED',
      'ALTER TABLE events SET UNLOGGED;',
      'SET UNLOGGED rewrites the whole table',
      'app.events',
    ],
    [
      'SET TABLESPACE',
      'ALTER TABLE events SET TABLESPACE fast_ssd;',
      'SET TABLESPACE copies every file',
      'app.events',
    ],
    [
      'SET ACCESS METHOD to another method',
      'ALTER TABLE events SET ACCESS METHOD columnar;',
      'SET ACCESS METHOD rewrites',
      'app.events',
    ],
  ])('flags %s', async (_name, migration, says, target) => {
    const violations = await checkSql({ before, migration, rule });
    expect(violations.map((v) => [v.severity, v.message.startsWith(says), v.target])).toEqual([
      ['error', true, target],
    ]);
  });

  it('points at the subcommand and gives the row estimate', async () => {
    const violations = await checkSql({
      before,
      migration: 'ALTER TABLE events ADD COLUMN note text, SET UNLOGGED;',
      rule,
      rowEstimates: { 'app.events': 250000 },
    });
    expect(violations.map((v) => [v.column, v.message.includes('(about 250,000 rows)')])).toEqual([
      [42, true],
    ]);
  });

  it.each([
    ['a table created in the migration', 'CREATE TABLE t (id int);\nALTER TABLE t SET UNLOGGED;'],
    ['a temporary table', 'CREATE TEMP TABLE tmp (id int);\nALTER TABLE tmp SET TABLESPACE pg_default;'],
    ['SET ACCESS METHOD heap (what tables have)', 'ALTER TABLE events SET ACCESS METHOD heap;'],
    ['SET (fillfactor), which rewrites nothing', 'ALTER TABLE events SET (fillfactor = 90);'],
    ['ALTER INDEX ... SET TABLESPACE', 'ALTER INDEX events_pkey SET TABLESPACE pg_default;'],
  ])('does not flag %s', async (_name, migration) => {
    expect(await checkSql({ before, migration, rule })).toEqual([]);
  });
});
