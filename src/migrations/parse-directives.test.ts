import { describe, expect, it } from 'vitest';
import { findDirectives } from './parse-directives.js';
import { splitLines } from './text-positions.js';

function find(text: string) {
  return findDirectives(splitLines(text));
}

describe('findDirectives', () => {
  it('reads each kind with its rule, reason and target', () => {
    const text = [
      '-- dbward:no-transaction',
      '-- dbward:breaking reason="drops the v1 API"',
      '  -- dbward:allow drop-column reason="column moved to \\"profiles\\""',
      '-- dbward:backup archive.auth__sessions__20261122',
    ].join('\n');
    const { directives, problems } = find(text);
    expect(problems).toEqual([]);
    expect(directives.map((d) => d.directive)).toEqual([
      {
        kind: 'no-transaction',
        rule: null,
        reason: null,
        target: null,
        line: 1,
        column: 1,
        text: '-- dbward:no-transaction',
      },
      {
        kind: 'breaking',
        rule: null,
        reason: 'drops the v1 API',
        target: null,
        line: 2,
        column: 1,
        text: '-- dbward:breaking reason="drops the v1 API"',
      },
      {
        kind: 'allow',
        rule: 'drop-column',
        reason: 'column moved to "profiles"',
        target: null,
        line: 3,
        column: 3,
        text: '-- dbward:allow drop-column reason="column moved to \\"profiles\\""',
      },
      {
        kind: 'backup',
        rule: null,
        reason: null,
        target: 'archive.auth__sessions__20261122',
        line: 4,
        column: 1,
        text: '-- dbward:backup archive.auth__sessions__20261122',
      },
    ]);
    expect(directives[2]?.offset).toBe(text.indexOf('  -- dbward:allow') + 2);
  });

  it('keeps an allow without a reason (review reports it) and an empty reason as ""', () => {
    const { directives, problems } = find('-- dbward:allow drop-table\n-- dbward:allow drop-table reason=""');
    expect(problems).toEqual([]);
    expect(directives.map((d) => [d.directive.rule, d.directive.reason])).toEqual([
      ['drop-table', null],
      ['drop-table', ''],
    ]);
  });

  it('reports an unknown kind at the kind, and leaves it out', () => {
    const { directives, problems } = find('SELECT 1;\n  -- dbward:alow drop-table reason="x"');
    expect(directives).toEqual([]);
    expect(problems).toEqual([
      { code: 'unknown-directive', message: expect.stringContaining('dbward:alow'), line: 2, column: 13 },
    ]);
  });

  it('reports an allow with no rule id, a bad rule id, a bad reason and a backup without table', () => {
    const text = [
      '-- dbward:allow',
      '-- dbward:allow reason="x"',
      '-- dbward:allow DropTable reason="x"',
      '-- dbward:allow drop-table reason=because',
      '-- dbward:backup',
    ].join('\n');
    const { directives, problems } = find(text);
    expect(directives).toEqual([]);
    expect(problems.map((p) => [p.code, p.line, p.column])).toEqual([
      ['bad-directive', 1, 11],
      ['bad-directive', 2, 11],
      ['bad-directive', 3, 11],
      ['bad-directive', 4, 11],
      ['bad-directive', 5, 11],
    ]);
    expect(problems[0]?.message).toContain('rule id');
  });

  it('keeps words after the reason quotes as part of the reason instead of dropping them', () => {
    const text = [
      '-- dbward:allow drop-table reason="gone since v3" because nobody reads it',
      '-- dbward:backup archive.app__users__20261122 reason="x" and more',
      '-- dbward:allow drop-table   reason="kept: a \\"quoted\\" word"  ',
      '-- dbward:allow drop-table because nobody reads it',
    ].join('\n');
    const { directives, problems } = find(text);
    expect(problems).toEqual([]);
    expect(directives.map((d) => [d.directive.line, d.directive.reason])).toEqual([
      [1, 'gone since v3 because nobody reads it'],
      [2, 'x and more'],
      [3, 'kept: a "quoted" word'],
      // No reason= at all: no reason (the review reports it as acknowledgement-without-reason).
      [4, null],
    ]);
  });

  it('keeps a backup target as written, quoted parts included, for the review to fold', () => {
    const text = [
      '-- dbward:backup ARCHIVE.AUTH__SESSIONS__20261122',
      '-- dbward:backup archive."Odd ""Name""" reason="x"',
      '-- dbward:backup archive.sessions.extra',
      '-- dbward:backup archive."unterminated',
    ].join('\n');
    const { directives, problems } = find(text);
    expect(directives.map((d) => d.directive.target)).toEqual([
      'ARCHIVE.AUTH__SESSIONS__20261122',
      'archive."Odd ""Name"""',
    ]);
    expect(problems.map((p) => [p.code, p.line])).toEqual([
      ['bad-directive', 3],
      ['bad-directive', 4],
    ]);
  });

  it('ignores comments that are not directives', () => {
    expect(find('-- dbward is great\n-- migrate:up\n-- allow drop-table')).toEqual({
      directives: [],
      problems: [],
    });
  });
});
