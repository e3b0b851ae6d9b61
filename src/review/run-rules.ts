import type { MigrationFile, MigrationStatement } from '../migrations/migration-file-types.js';
import { createPositionIndex } from '../migrations/text-positions.js';
import { refuseEarlierWrites } from './pending-writers.js';
import type { MigrationContext, Rule, RuleViolation, Severity } from './rule.js';
import { statementContexts } from './statement-contexts.js';

/** A rule's violation placed in its file, before acknowledgements and configured severities. */
export interface RawViolation extends Omit<RuleViolation, 'severity' | 'offset'> {
  rule: string;
  /** The violation's own severity when it set one (e.g. raised on a large table), else the rule's default. */
  severity: Severity;
  /** True when the rule chose `severity` for this violation instead of its default. */
  severityOverridden: boolean;
  /** The statement judged; null for file-level rules (`missing-down`, `syntax-error`). */
  statement: MigrationStatement | null;
  section: 'up' | 'down' | null;
  /** Index of the statement in its section; null for file-level violations. */
  statementIndex: number | null;
  /** Character offset in the whole file, and its 1-based line and column. */
  offset: number;
  line: number;
  column: number;
}

/**
 * runRules runs every rule on one parsed migration file and places each violation in the file.
 * Pure and synchronous: the engine gathers the context (catalog before, row estimates) first.
 * A rule that throws is a bug; it becomes an error-level violation rather than a lost review.
 */
export function runRules(
  rules: readonly Rule[],
  file: MigrationFile,
  migrationContext: MigrationContext,
): RawViolation[] {
  const positionOf = createPositionIndex(file.text);
  const violations: RawViolation[] = [];
  const place = (
    rule: Rule,
    violation: RuleViolation,
    statement: MigrationStatement | null,
    section: 'up' | 'down' | null,
    statementIndex: number | null,
  ): void => {
    const base = statement?.offset ?? 0;
    const limit = statement === null ? file.text.length : statement.sql.length;
    const offset = base + Math.max(0, Math.min(violation.offset ?? 0, limit));
    const { severity, offset: _ignored, ...rest } = violation;
    violations.push({
      ...rest,
      rule: rule.id,
      severity: severity ?? rule.defaultSeverity,
      severityOverridden: severity !== undefined,
      statement,
      section,
      statementIndex,
      offset,
      ...positionOf(offset),
    });
  };

  for (const rule of rules) {
    if (rule.checkFile !== undefined) {
      for (const violation of guarded(rule, () => rule.checkFile?.({ ...migrationContext, file }) ?? []))
        place(rule, violation, null, null, null);
    }
  }
  for (const section of ['up', 'down'] as const) {
    const sectionRules = rules.filter(
      (rule) => rule.checkStatement !== undefined && (rule.sections ?? ['up']).includes(section),
    );
    if (sectionRules.length === 0) continue;
    for (const context of statementContexts(file, migrationContext, section)) {
      for (const rule of sectionRules) {
        const found = guarded(rule, () => rule.checkStatement?.(context) ?? []);
        for (const violation of found)
          place(rule, refuseEarlierWrites(context, violation), context.statement, section, context.index);
      }
    }
  }
  return violations.sort((a, b) => a.offset - b.offset || a.rule.localeCompare(b.rule));
}

function guarded(rule: Rule, check: () => RuleViolation[]): RuleViolation[] {
  try {
    return check();
  } catch (error: unknown) {
    const reason = error instanceof Error ? error.message : String(error);
    return [
      {
        message: `internal error in rule ${rule.id}: ${reason}`,
        help: 'This is a dbward bug; please report it with the migration that triggers it.',
        severity: 'error',
      },
    ];
  }
}
