import { beforeAll, describe, expect, it } from 'vitest';
import { splitStatements } from './split-statements.js';
import { loadSqlParser } from './sql-parser.js';

beforeAll(async () => {
  await loadSqlParser();
});

function sqlOf(text: string): string[] {
  const result = splitStatements(text);
  if (!result.ok) throw new Error(result.error.message);
  return result.statements.map((statement) => statement.sql);
}

describe('splitStatements', () => {
  it('keeps semicolons inside dollar quotes, strings and comments', () => {
    const text = [
      'CREATE FUNCTION f() RETURNS int AS $body$',
      'BEGIN',
      '  PERFORM 1; -- inside',
      '  RETURN 2;',
      'END $body$ LANGUAGE plpgsql;',
      "INSERT INTO t VALUES ('a; -- b', $$x;y$$);",
    ].join('\n');
    expect(sqlOf(text)).toEqual([
      text.slice(0, text.indexOf(' LANGUAGE plpgsql') + ' LANGUAGE plpgsql'.length),
      "INSERT INTO t VALUES ('a; -- b', $$x;y$$)",
    ]);
  });

  it('drops leading block comments and the trailing comments of a last statement without semicolon', () => {
    const text = '/* header\n  ; */ SELECT 1;\n\nSELECT 2 -- no semicolon\n/* end */\n';
    const result = splitStatements(text);
    if (!result.ok) throw new Error(result.error.message);
    expect(result.statements.map((s) => [s.sql, s.offset])).toEqual([
      ['SELECT 1', text.indexOf('SELECT 1')],
      ['SELECT 2', text.indexOf('SELECT 2')],
    ]);
  });

  it('trims comments, blanks and extra semicolons before the semicolon or at the end', () => {
    const text = [
      '/* a /* nested */ ; still */ SELECT 1 /* before ; */ -- and\n\t;;',
      "SELECT '-- not a comment' -- but this is",
      ';',
      'SELECT 2 */* x */ 3\r\n;',
      'SELECT $$ -- in a dollar quote $$ AS d /* end */\n',
    ].join('\n');
    const result = splitStatements(text);
    if (!result.ok) throw new Error(result.error.message);
    expect(result.statements.map((s) => [s.sql, s.offset])).toEqual([
      ['SELECT 1', text.indexOf('SELECT 1')],
      ["SELECT '-- not a comment'", text.indexOf("SELECT '")],
      ['SELECT 2 */* x */ 3', text.indexOf('SELECT 2')],
      ['SELECT $$ -- in a dollar quote $$ AS d', text.indexOf('SELECT $$')],
    ]);
  });

  it('keeps semicolons nested in a statement (CREATE RULE ... DO (a; b))', () => {
    const rule =
      'CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); INSERT INTO b VALUES (2))';
    expect(sqlOf(`${rule};\nSELECT 3;`)).toEqual([rule, 'SELECT 3']);
  });

  it('returns no statements for blank or comment-only text', () => {
    expect(sqlOf('')).toEqual([]);
    expect(sqlOf('\n  \n')).toEqual([]);
    expect(sqlOf('-- nothing yet\n/* later */\n')).toEqual([]);
    expect(sqlOf(';;')).toEqual([]);
  });

  it('offsets are JS indexes after non-ASCII comments', () => {
    const text = '-- ünïcødé 🚀 comment\nSELECT 1;';
    const result = splitStatements(text);
    if (!result.ok) throw new Error(result.error.message);
    expect(result.statements[0]?.offset).toBe(text.indexOf('SELECT'));
  });

  it('returns a syntax error with its offset', () => {
    const text = 'SELECT 1;\nSELEC 2;';
    const result = splitStatements(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.offset).toBe(text.indexOf('SELEC 2'));
  });
});
