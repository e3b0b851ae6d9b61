import { DbwardError } from '../errors/dbward-error.js';

/** parseMigrationId reads a `--to` value (`3` or `0003`); anything else is bad usage (exit 2). */
export function parseMigrationId(text: string, what: string): number {
  if (!/^\d{1,15}$/.test(text.trim())) {
    throw new DbwardError(
      'bad-usage',
      `${what}: "${text}" is not a migration id (the number a file name starts with)`,
      {
        exitCode: 2,
      },
    );
  }
  return Number(text.trim());
}

/** parseMigrationCount reads a `-n` value, a number of migrations; anything else is bad usage (exit 2). */
export function parseMigrationCount(text: string, what: string): number {
  if (!/^\d{1,9}$/.test(text.trim())) {
    throw new DbwardError(
      'bad-usage',
      `${what}: "${text}" is not a number of migrations (a whole number, 1 or more)`,
      {
        exitCode: 2,
      },
    );
  }
  return Number(text.trim());
}
