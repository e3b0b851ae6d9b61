import type { RuleSeverity } from '../config/config-schema.js';
import type { Db } from '../db/db.js';
import type { MigrationStatement } from '../migrations/migration-file-types.js';
import { applyAcknowledgements } from './apply-acknowledgements.js';
import { configuredSeverity } from './configured-severity.js';
import { engineRuleForProblem } from './engine-rules.js';
import type { ServiceMigration } from './estate-migrations.js';
import type { Finding } from './finding.js';
import type { WriterBefore } from './pending-writers.js';
import { type DataCheckOutcome, runDataCheck, uncheckedNote } from './run-data-check.js';
import type { RawViolation } from './run-rules.js';

/**
 * fileFindings turns one file's parse problems and rule violations into findings, in this order:
 * the config's severities (`off` drops), the data checks on the target database (when
 * reachable), then the file's acknowledgements.
 */
export async function fileFindings(
  migration: ServiceMigration,
  violations: readonly RawViolation[],
  configured: Readonly<Record<string, RuleSeverity>>,
  target: Db | null,
  writerBefore: WriterBefore = () => null,
): Promise<Finding[]> {
  const { file, service } = migration;
  const base = { file: file.path, service: service.name };
  const lines = file.text.split(/\r?\n/);
  const sourceLine = (line: number) => lines[line - 1] ?? '';
  const statements = new Map<Finding, MigrationStatement | null>();
  const findings: Finding[] = [];

  for (const problem of file.problems) {
    const rule = engineRuleForProblem(problem);
    const severity = configuredSeverity(configured, rule.id, rule.defaultSeverity, false);
    if (severity === null) continue;
    findings.push({
      ...base,
      rule: rule.id,
      severity,
      line: problem.line,
      column: problem.column,
      message: problem.message,
      help: rule.help,
      statement: sourceLine(problem.line),
      acknowledged: false,
      reason: null,
      target: null,
      statementStart: { line: problem.line, column: 1 },
    });
  }

  for (const violation of violations) {
    const severity = configuredSeverity(
      configured,
      violation.rule,
      violation.severity,
      violation.severityOverridden,
    );
    if (severity === null) continue;
    const { statement } = violation;
    const finding: Finding = {
      ...base,
      rule: violation.rule,
      severity,
      line: violation.line,
      column: violation.column,
      message: violation.message,
      help: violation.help,
      statement: statement?.sql ?? sourceLine(violation.line),
      acknowledged: false,
      reason: null,
      target: violation.target ?? null,
      statementStart:
        statement === null
          ? { line: violation.line, column: 1 }
          : { line: statement.line, column: statement.column },
    };
    statements.set(finding, statement);
    findings.push(finding);
    if (target !== null)
      await applyDataChecks(target, finding, violation, (schema, table) =>
        writerBefore(migration, schema, table),
      );
    else noteUncheckedDataChecks(finding, violation);
  }

  const rulesOff = new Set(Object.keys(configured).filter((rule) => configured[rule] === 'off'));
  for (const finding of applyAcknowledgements(file, findings, statements, rulesOff, base)) {
    const severity = configuredSeverity(configured, finding.rule, finding.severity, false);
    if (severity !== null) findings.push({ ...finding, severity });
  }
  return findings;
}

/** applyDataChecks lets the target's data confirm, lower or satisfy a finding (see run-data-check.ts). */
async function applyDataChecks(
  target: Db,
  finding: Finding,
  violation: RawViolation,
  writerBefore: (schema: string, table: string) => string | null,
): Promise<void> {
  for (const check of violation.dataChecks ?? []) {
    // A backup counted now says nothing of rows an earlier migration of the same run adds.
    const writer = check.kind === 'backup-exists' ? writerBefore(check.schema, check.table) : null;
    const outcome: DataCheckOutcome =
      writer === null
        ? await runDataCheck(target, check)
        : {
            verdict: 'confirmed',
            note: `the backup cannot vouch for ${check.schema}.${check.table} yet: ${writer} runs before this migration in the same deploy and may write to it; apply that one first, take the backup then, and drop in a later deploy`,
          };
    if (outcome.verdict === 'satisfied') {
      finding.acknowledged = true;
      finding.reason = outcome.note;
      continue;
    }
    if (outcome.verdict === 'lowered') finding.severity = 'warning';
    finding.message = `${finding.message} (${outcome.note})`;
  }
}

/** noteUncheckedDataChecks: with no target database, a finding says which of its checks did not run. */
function noteUncheckedDataChecks(finding: Finding, violation: RawViolation): void {
  for (const check of violation.dataChecks ?? []) {
    const note = uncheckedNote(check);
    if (note !== null) finding.message = `${finding.message} (${note})`;
  }
}
