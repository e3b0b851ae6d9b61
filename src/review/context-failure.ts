import { ENGINE_RULES } from './engine-rules.js';
import type { Finding } from './finding.js';
import type { ReplayFailure } from './shadow-replay.js';

/** A migration that failed on the shadow, as the cache keeps it (plain data). */
export interface ContextFailure {
  service: string;
  file: string;
  line: number;
  column: number;
  message: string;
  statement: string;
  statementStart: { line: number; column: number };
}

export function toContextFailure(failure: ReplayFailure): ContextFailure {
  return {
    service: failure.migration.service.name,
    file: failure.migration.file.path,
    line: failure.line,
    column: failure.column,
    message: failure.message,
    statement: failure.statement?.sql ?? '',
    statementStart:
      failure.statement === null
        ? { line: failure.line, column: failure.column }
        : { line: failure.statement.line, column: failure.statement.column },
  };
}

/** contextFailureFinding reports a failed replay at the failing migration: later files were reviewed without it. */
export function contextFailureFinding(failure: ContextFailure): Finding {
  const rule = ENGINE_RULES['shadow-apply-failed'];
  return {
    rule: rule.id,
    severity: rule.defaultSeverity,
    file: failure.file,
    line: failure.line,
    column: failure.column,
    message: `replaying this migration on the shadow database failed: ${failure.message}`,
    help: rule.help,
    statement: failure.statement,
    acknowledged: false,
    reason: null,
    service: failure.service,
    target: null,
    statementStart: failure.statementStart,
  };
}
