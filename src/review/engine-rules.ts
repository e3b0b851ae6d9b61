import type { MigrationFileProblem } from '../migrations/migration-file-types.js';
import type { Severity } from './rule.js';

/**
 * Rules the engine itself reports (not statement rules): problems reading a file, acknowledgement
 * mistakes, and a migration that fails on the shadow database. They share the rules' ids space,
 * so config severities, docs pages and SARIF rule lists treat them alike.
 */
export interface EngineRule {
  id: string;
  defaultSeverity: Severity;
  summary: string;
  help: string;
  /** The page under docs/ that explains it, when not `rules/<id>.md`. */
  docsPage?: string;
}

export const ENGINE_RULES = {
  'syntax-error': {
    id: 'syntax-error',
    defaultSeverity: 'error',
    summary: 'a statement the Postgres parser cannot parse',
    help: 'Fix the SQL at the position shown; nothing in this section could be reviewed or applied.',
  },
  'invalid-migration-file': {
    id: 'invalid-migration-file',
    docsPage: 'review.md#invalid-migration-file',
    defaultSeverity: 'error',
    summary: 'a migration file dbward cannot read as a migration (name, markers, directives)',
    help: 'Name files <number>_<name>.sql, start the up part with "-- migrate:up", and write directives as documented.',
  },
  'acknowledgement-without-reason': {
    id: 'acknowledgement-without-reason',
    docsPage: 'review.md#acknowledgement-without-reason',
    defaultSeverity: 'error',
    summary: 'a dbward:allow directive with a missing or empty reason',
    help: 'Say why the change is safe: -- dbward:allow <rule-id> reason="...". The finding stays until then.',
  },
  'unused-acknowledgement': {
    id: 'unused-acknowledgement',
    docsPage: 'review.md#unused-acknowledgement',
    defaultSeverity: 'warning',
    summary: 'a dbward:allow directive that acknowledges no finding',
    help: 'Remove the directive, or move it to the comment lines just before the statement it is about.',
  },
  'shadow-apply-failed': {
    id: 'shadow-apply-failed',
    docsPage: 'review.md#shadow-apply-failed',
    defaultSeverity: 'warning',
    summary: 'a migration failed when replayed on the shadow database',
    help: 'The migration is likely to fail on the real database too; later files were reviewed against the schema without it.',
  },
} as const satisfies Record<string, EngineRule>;

export type EngineRuleId = keyof typeof ENGINE_RULES;

/** engineRuleForProblem is the rule a file problem from the parser is reported under. */
export function engineRuleForProblem(problem: MigrationFileProblem): EngineRule {
  return problem.code === 'syntax-error'
    ? ENGINE_RULES['syntax-error']
    : ENGINE_RULES['invalid-migration-file'];
}
