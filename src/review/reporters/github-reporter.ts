import type { ReviewResult } from '../finding.js';
import { plural } from './plural.js';

/** GitHub's escaping for a workflow command's message (the part after `::`). */
function escapeData(text: string): string {
  return text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

/** GitHub's escaping for a property value, where `:` and `,` delimit too. */
function escapeProperty(text: string): string {
  return escapeData(text).replaceAll(':', '%3A').replaceAll(',', '%2C');
}

/**
 * githubReport prints one workflow command per finding (`::error file=...,line=...,col=...,
 * title=<rule>::<message>`), which GitHub Actions shows as annotations on the changed lines.
 * Acknowledged findings are `notice`s, so they stay visible without failing anything.
 */
export function githubReport(result: ReviewResult): string {
  const lines = result.findings.map((finding) => {
    const level = finding.acknowledged ? 'notice' : finding.severity === 'error' ? 'error' : 'warning';
    const properties = [
      `file=${escapeProperty(finding.file)}`,
      `line=${finding.line}`,
      `col=${finding.column}`,
      `title=${escapeProperty(finding.rule)}`,
    ].join(',');
    const text = finding.acknowledged
      ? `${finding.message} (acknowledged: ${finding.reason ?? ''})`
      : `${finding.message}\n${finding.help}`;
    return `::${level} ${properties}::${escapeData(text)}`;
  });
  const { errors, warnings, acknowledged, files } = result.summary;
  lines.push(
    `dbward review: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}, ${acknowledged} acknowledged in ${plural(files, 'file')}`,
  );
  return `${lines.join('\n')}\n`;
}
