import type { IntegrityProblem, IntegrityProblemCode } from './check-migration-integrity.js';
import type { InvalidIndex } from './invalid-indexes.js';

/** MigrationProblem is anything `status` and `verify` report as an error. */
export interface MigrationProblem {
  code: IntegrityProblemCode | 'invalid-index';
  service: string;
  /** The file concerned; null for a problem in the database (an invalid index). */
  file: string | null;
  line: number | null;
  column: number | null;
  message: string;
  /** A statement or command that fixes it, when there is one. */
  fix: string | null;
}

export function integrityProblemOf(problem: IntegrityProblem): MigrationProblem {
  return {
    code: problem.code,
    service: problem.service,
    file: problem.file,
    line: problem.line,
    column: problem.column,
    message: problem.message,
    fix: null,
  };
}

export function invalidIndexProblemOf(service: string, index: InvalidIndex): MigrationProblem {
  return {
    code: 'invalid-index',
    service,
    file: null,
    line: null,
    column: null,
    message: `index ${index.schema}.${index.name} on ${index.table} is INVALID (a CREATE INDEX CONCURRENTLY failed); drop it before retrying: ${index.fix}`,
    fix: index.fix,
  };
}
