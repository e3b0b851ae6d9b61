import { describe, expect, it } from 'vitest';
import { parseMigrationFileName } from './migration-file-name.js';

describe('parseMigrationFileName', () => {
  it('reads id, id text, name and format', () => {
    expect(parseMigrationFileName('0003_add_users.sql')).toEqual({
      id: 3,
      idText: '0003',
      name: 'add_users',
      format: 'sql',
      problem: null,
    });
    expect(parseMigrationFileName('20240101120000_backfill.ts')).toMatchObject({
      id: 20240101120000,
      idText: '20240101120000',
      name: 'backfill',
      format: 'ts',
      problem: null,
    });
  });

  it('reports a name with no _name part as bad-file-name, keeping the numeric prefix', () => {
    expect(parseMigrationFileName('0003-bad name.sql')).toMatchObject({
      id: 3,
      idText: '0003',
      name: 'bad name',
      problem: { code: 'bad-file-name', line: 1, column: 1 },
    });
    expect(parseMigrationFileName('0004.sql').problem?.code).toBe('bad-file-name');
    expect(parseMigrationFileName('0005_.sql').problem?.code).toBe('bad-file-name');
  });

  it('reports id 0 and ids too long to stay exact, and accepts the longest exact one', () => {
    expect(parseMigrationFileName('0000_zero.sql').problem?.message).toContain('ids start at 1');
    // 9007199254740993 would be read as ...992: two files could share an id unseen.
    expect(parseMigrationFileName('9007199254740993_big.sql').problem?.message).toContain(
      'more than 15 digits',
    );
    expect(parseMigrationFileName('99999999999999999999_big.sql').problem?.code).toBe('bad-file-name');
    expect(parseMigrationFileName('999999999999999_max.sql')).toMatchObject({
      id: 999999999999999,
      problem: null,
    });
    expect(parseMigrationFileName('0001_one.sql').problem).toBeNull();
  });
});
