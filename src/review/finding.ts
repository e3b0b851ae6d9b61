import type { Severity } from './rule.js';

/**
 * Finding is one reported problem of a reviewed migration, in the shape DESIGN.md documents for
 * `--format json`. Positions are 1-based and point into the file.
 */
export interface Finding {
  rule: string;
  severity: Severity;
  /** Path relative to the project root, with `/`. */
  file: string;
  line: number;
  column: number;
  message: string;
  help: string;
  /** The statement's text, or the source line for findings about a file or a comment. */
  statement: string;
  /** True when a `-- dbward:allow <rule> reason="..."` covers it; it then blocks nothing. */
  acknowledged: boolean;
  /** The acknowledgement's reason, or null. */
  reason: string | null;
  /** The service whose migration it is. */
  service: string;
  /** What the finding is about (`auth.users`), when the rule says. */
  target: string | null;
  /** Where `statement` starts in the file, so a reporter can draw it with a caret (not in JSON). */
  statementStart: { line: number; column: number };
}

export interface ReviewSummary {
  /** Unacknowledged findings at error level: any of them fails the review. */
  errors: number;
  warnings: number;
  acknowledged: number;
  /** Files reviewed. */
  files: number;
}

export interface ReviewResult {
  findings: Finding[];
  summary: ReviewSummary;
}

/** summarizeFindings counts findings the way the summary line and the exit code use them. */
export function summarizeFindings(findings: readonly Finding[], files: number): ReviewSummary {
  let errors = 0;
  let warnings = 0;
  let acknowledged = 0;
  for (const finding of findings) {
    if (finding.acknowledged) acknowledged++;
    else if (finding.severity === 'error') errors++;
    else warnings++;
  }
  return { errors, warnings, acknowledged, files };
}

/** compareFindings orders by file, then position, then rule id. */
export function compareFindings(a: Finding, b: Finding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line || a.column - b.column || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0);
}
