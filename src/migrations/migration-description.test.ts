import { describe, expect, it } from 'vitest';
import { sqlDescription, tsDescription } from './migration-description.js';
import { splitLines } from './text-positions.js';

describe('sqlDescription', () => {
  it('is the first comment before the up marker that is not a directive', () => {
    const lines = splitLines('-- dbward:no-transaction\n--\n-- Add users table\n-- more\n-- migrate:up\n');
    expect(sqlDescription(lines, 5)).toBe('Add users table');
  });

  it('ignores comments after the up marker', () => {
    const lines = splitLines('-- migrate:up\n-- not a description\nSELECT 1;');
    expect(sqlDescription(lines, 1)).toBeNull();
  });
});

describe('tsDescription', () => {
  it('reads a leading // comment', () => {
    expect(tsDescription('\n// Backfill leave balances\nexport async function up() {}')).toBe(
      'Backfill leave balances',
    );
  });

  it('reads the first line of a leading JSDoc', () => {
    expect(tsDescription('/**\n * Move avatars to storage.\n * Details.\n */\nexport {};')).toBe(
      'Move avatars to storage.',
    );
    expect(tsDescription('/** One-liner */\nexport {};')).toBe('One-liner');
  });

  it('is null without a leading comment', () => {
    expect(tsDescription('import x from "y";\n// later')).toBeNull();
  });
});
