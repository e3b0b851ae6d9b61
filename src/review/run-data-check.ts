import type { Db } from '../db/db.js';
import { isDbwardError } from '../errors/dbward-error.js';
import { countNarrowingFailures } from './count-narrowing-failures.js';
import type { DataCheck } from './rule.js';
import { backupTargetProblem, parseBackupTarget, verifyBackup } from './verify-backup.js';

/**
 * What a data check found on the target database:
 * - `satisfied`: the concern is met (a large enough backup exists); the finding no longer blocks;
 * - `lowered`: no row is affected; the finding becomes a warning;
 * - `confirmed`: rows are affected or the backup is missing; the finding stands, with the numbers;
 * - `unverified`: the check could not run; the finding stands as the rule reported it.
 */
export interface DataCheckOutcome {
  verdict: 'satisfied' | 'lowered' | 'confirmed' | 'unverified';
  /** A sentence for the finding's message (or the acknowledgement's reason when satisfied). */
  note: string;
}

const EXAMPLE_KEYS = 5;

/** runDataCheck runs one check on the target; it never throws (a check that fails is `unverified`). */
export async function runDataCheck(db: Db, check: DataCheck): Promise<DataCheckOutcome> {
  try {
    return check.kind === 'narrowing' ? await checkNarrowing(db, check) : await checkBackup(db, check);
  } catch (error) {
    if (!isDbwardError(error)) throw error;
    return { verdict: 'unverified', note: `not checked on the target database: ${error.message}` };
  }
}

async function checkNarrowing(
  db: Db,
  check: Extract<DataCheck, { kind: 'narrowing' }>,
): Promise<DataCheckOutcome> {
  const where = `${check.schema}.${check.table}`;
  const count = await countNarrowingFailures(db, { ...check, sampleKeys: EXAMPLE_KEYS });
  if (count.method === 'none') {
    // The target's own catalog says the new type holds every value of the old one.
    return {
      verdict: 'lowered',
      note: `checked on the target database: ${count.toType} holds every ${count.fromType} value of ${where}, so no row can fail or change`,
    };
  }
  const affected = count.failing + count.truncating;
  if (affected === 0) {
    return {
      verdict: 'lowered',
      note: `checked on the target database: no row of ${where} would fail or change`,
    };
  }
  const parts = [
    count.failing > 0 ? `${count.failing} row${count.failing === 1 ? '' : 's'} would fail` : null,
    count.truncating > 0
      ? `${count.truncating} row${count.truncating === 1 ? '' : 's'} would be truncated or rounded`
      : null,
  ].filter((part) => part !== null);
  const keys = count.examples.map((example) => example.key);
  const more = affected > keys.length ? ', ...' : '';
  return {
    verdict: 'confirmed',
    note: `checked on the target database: ${parts.join(' and ')} in ${where} (keys ${keys.join(', ')}${more})`,
  };
}

async function checkBackup(
  db: Db,
  check: Extract<DataCheck, { kind: 'backup-exists' }>,
): Promise<DataCheckOutcome> {
  const verification = await verifyBackup(db, check);
  const shown = parseBackupTarget(check.backupTable)?.shown ?? check.backupTable;
  if (verification.ok) {
    return {
      verdict: 'satisfied',
      note: `backup ${shown}, a copy of ${check.schema}.${check.table}, holds ${verification.backupRows ?? 0} rows (${check.schema}.${check.table}: ${verification.sourceRows})`,
    };
  }
  return {
    verdict: 'confirmed',
    note: `checked on the target database: ${verification.problem ?? 'backup not usable'}`,
  };
}

/**
 * uncheckedNote is what a finding says of a data check when no target database is reachable to
 * run it on: a backup directive was seen but not verified (or cannot count whatever the data).
 * Null when the check has nothing to add then (a narrowing check: the rule's message says it all).
 */
export function uncheckedNote(check: DataCheck): string | null {
  if (check.kind !== 'backup-exists') return null;
  const problem = backupTargetProblem(check);
  if (problem !== null) return `the -- dbward:backup directive does not count: ${problem}`;
  const shown = parseBackupTarget(check.backupTable)?.shown ?? check.backupTable;
  return `-- dbward:backup ${shown} seen but not checked: no target database reachable to verify the backup`;
}
