import { beforeAll, describe, expect, it } from 'vitest';
import { loadSqlParser, parseSql, scanSql } from './sql-parser.js';

beforeAll(async () => {
  await loadSqlParser();
});

describe('loadSqlParser', () => {
  it('is idempotent', async () => {
    await expect(loadSqlParser()).resolves.toBeUndefined();
    expect(loadSqlParser()).toBe(loadSqlParser());
  });
});

describe('parseSql', () => {
  it('returns statement ranges as JS indexes even after multi-byte characters', () => {
    const text = '-- café 😀\nSELECT 1;\nSELECT 2;';
    const result = parseSql(text);
    if (!result.ok) throw new Error(result.error.message);
    expect(result.statements.map((s) => text.slice(s.start, s.end))).toEqual(['SELECT 1', 'SELECT 2']);
    expect(Object.keys(result.statements[0]?.ast ?? {})).toEqual(['SelectStmt']);
  });

  it('treats empty text as no statements', () => {
    expect(parseSql('')).toEqual({ ok: true, statements: [] });
  });

  it('reports a syntax error at a JS index, past accents and emoji', () => {
    // The parser's cursor counts code points: the emoji is one code point but two JS chars.
    const text = "SELECT 'é😀' FROM;";
    const result = parseSql(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.message).toBe('syntax error at or near ";"');
    expect(text.slice(result.error.offset)).toBe(';');
  });
});

describe('scanSql', () => {
  it('classifies comments and semicolons with JS indexes', () => {
    const text = "/* é */ SELECT 'a;--'; -- done";
    const tokens = scanSql(text).map((t) => [t.kind, text.slice(t.start, t.end)]);
    expect(tokens).toEqual([
      ['comment', '/* é */'],
      ['other', 'SELECT'],
      ['other', "'a;--'"],
      ['semicolon', ';'],
      ['comment', '-- done'],
    ]);
  });
});
