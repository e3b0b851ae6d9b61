import type { ReviewResult } from '../finding.js';

/**
 * jsonReport renders findings in the shape DESIGN.md documents (`--format json`): one document
 * with the findings and the summary; internal fields stay out.
 */
export function jsonReport(result: ReviewResult): string {
  const findings = result.findings.map((finding) => ({
    rule: finding.rule,
    severity: finding.severity,
    file: finding.file,
    line: finding.line,
    column: finding.column,
    message: finding.message,
    help: finding.help,
    statement: finding.statement,
    acknowledged: finding.acknowledged,
    reason: finding.reason,
    service: finding.service,
    target: finding.target,
  }));
  return `${JSON.stringify({ findings, summary: result.summary }, null, 2)}\n`;
}
