import type {
  MigrationDirective,
  MigrationFile,
  MigrationStatement,
} from '../migrations/migration-file-types.js';
import { ENGINE_RULES } from './engine-rules.js';
import type { Finding } from './finding.js';

/**
 * applyAcknowledgements applies a file's `-- dbward:allow <rule> reason="..."` directives: an
 * allow on the comment lines before a statement acknowledges that rule's findings on the
 * statement; one before `-- migrate:up` (attached to no statement) acknowledges the rule's
 * file-level findings (`missing-down`). An allow with no reason acknowledges nothing and is an
 * error; an allow that matches no finding is a warning. Rules switched off in the config count
 * as matched, so turning a rule off does not flood the review with unused allows. Marks the
 * covered findings and returns the findings about the directives themselves.
 */
export function applyAcknowledgements(
  file: MigrationFile,
  findings: readonly Finding[],
  findingStatements: ReadonlyMap<Finding, MigrationStatement | null>,
  rulesOff: ReadonlySet<string>,
  base: Pick<Finding, 'file' | 'service'>,
): Finding[] {
  const attached = new Map<MigrationDirective, MigrationStatement>();
  for (const section of [file.up, file.down]) {
    for (const statement of section?.statements ?? []) {
      for (const directive of statement.directives) attached.set(directive, statement);
    }
  }
  const extra: Finding[] = [];
  for (const directive of file.directives) {
    if (directive.kind !== 'allow' || directive.rule === null) continue;
    const statement = attached.get(directive) ?? null;
    const covered = findings.filter(
      (finding) => finding.rule === directive.rule && (findingStatements.get(finding) ?? null) === statement,
    );
    const at = { ...base, line: directive.line, column: directive.column, statement: directive.text };
    const position = { line: directive.line, column: directive.column };
    if (directive.reason === null || directive.reason.trim() === '') {
      const rule = ENGINE_RULES['acknowledgement-without-reason'];
      extra.push({
        ...at,
        rule: rule.id,
        severity: rule.defaultSeverity,
        message: `dbward:allow ${directive.rule} has ${directive.reason === null ? 'no' : 'an empty'} reason, so it acknowledges nothing`,
        help: rule.help,
        acknowledged: false,
        reason: null,
        target: null,
        statementStart: position,
      });
      continue;
    }
    // With a syntax error the section has no statements to attach to: say nothing of its allows.
    const parsed = !file.problems.some((problem) => problem.code === 'syntax-error');
    if (covered.length === 0 && parsed && !rulesOff.has(directive.rule)) {
      const rule = ENGINE_RULES['unused-acknowledgement'];
      extra.push({
        ...at,
        rule: rule.id,
        severity: rule.defaultSeverity,
        message: `dbward:allow ${directive.rule} acknowledges nothing: no ${directive.rule} finding on ${statement === null ? 'this file' : `the statement at line ${statement.line}`}`,
        help: rule.help,
        acknowledged: false,
        reason: null,
        target: null,
        statementStart: position,
      });
    }
    for (const finding of covered) {
      finding.acknowledged = true;
      finding.reason = directive.reason;
    }
  }
  return extra;
}
