import { describe, expect, it } from 'vitest';
import { parseSqlTypeText } from './sql-type-text.js';

describe('parseSqlTypeText', () => {
  it('rebuilds a type from the parser’s parts, quoted', async () => {
    expect((await parseSqlTypeText('VARCHAR(50)'))?.sql).toBe('"pg_catalog"."varchar"(50)');
    expect((await parseSqlTypeText('timestamp(3) with time zone'))?.sql).toBe(
      '"pg_catalog"."timestamptz"(3)',
    );
    expect((await parseSqlTypeText('leaves.mood[]'))?.sql).toBe('"leaves"."mood"[]');
  });

  it('keeps a zero modifier and the implicit length of char', async () => {
    expect((await parseSqlTypeText('numeric(5, 0)'))?.modifiers).toEqual([5, 0]);
    expect((await parseSqlTypeText('char'))?.modifiers).toEqual([1]);
  });

  it('rejects anything that is not exactly one type name', async () => {
    for (const text of [
      'int4; DROP TABLE x',
      'int4 FROM pg_class',
      'int4, pg_sleep(1)',
      'int4 AS x',
      '',
      '(',
    ]) {
      expect(await parseSqlTypeText(text)).toBeNull();
    }
  });
});
