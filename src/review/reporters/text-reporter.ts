import type { Finding, ReviewResult } from '../finding.js';
import { ruleDocsUrl } from '../rule-docs-url.js';
import { caretPadding } from './caret-line.js';
import { plural } from './plural.js';

/** The colours the text report uses; the CLI passes its own (plain when not a terminal). */
export interface TextStyle {
  red(text: string): string;
  yellow(text: string): string;
  green(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

const PLAIN: TextStyle = { red: (t) => t, yellow: (t) => t, green: (t) => t, dim: (t) => t, bold: (t) => t };

// Lines of a long statement shown before the caret line, and after it.
const CONTEXT_BEFORE = 4;
const CONTEXT_AFTER = 2;

/**
 * textReport renders findings for a terminal: the rule and message, the position, the statement
 * with a caret under the spot (drawn from the line's own tabs and character widths, so it stays
 * under the spot once the terminal expands them), the help, the docs link, then a summary line.
 */
export function textReport(result: ReviewResult, style: TextStyle = PLAIN): string {
  const blocks = result.findings.map((finding) => findingBlock(finding, style));
  const { errors, warnings, acknowledged, files } = result.summary;
  const counts = `${plural(errors, 'error')}, ${plural(warnings, 'warning')}, ${acknowledged} acknowledged in ${plural(files, 'file')}`;
  const verdict = errors > 0 ? style.red('review failed') : style.green('review passed');
  blocks.push(`${verdict}: ${counts}`);
  return `${blocks.join('\n\n')}\n`;
}

function findingBlock(finding: Finding, style: TextStyle): string {
  const label = finding.acknowledged
    ? style.dim(`acknowledged ${finding.severity}`)
    : finding.severity === 'error'
      ? style.red('error')
      : style.yellow('warning');
  const out = [`${label}${style.bold(`[${finding.rule}]`)}: ${finding.message}`];
  const gutter = String(finding.line + CONTEXT_AFTER).length;
  const pad = ' '.repeat(gutter);
  out.push(`${pad}${style.dim('-->')} ${finding.file}:${finding.line}:${finding.column}`);
  out.push(`${pad} ${style.dim('|')}`);
  for (const line of excerpt(finding)) {
    out.push(`${String(line.number).padStart(gutter)} ${style.dim('|')} ${line.text}`);
    if (line.number === finding.line) {
      const caret = `${caretPadding(line.text, finding.column)}^`;
      out.push(`${pad} ${style.dim('|')} ${finding.acknowledged ? style.dim(caret) : style.bold(caret)}`);
    }
  }
  if (finding.acknowledged) out.push(`${pad} ${style.dim('=')} acknowledged: ${finding.reason ?? ''}`);
  out.push(`${pad} ${style.dim('=')} help: ${finding.help}`);
  out.push(`${pad} ${style.dim('=')} docs: ${ruleDocsUrl(finding.rule)}`);
  return out.join('\n');
}

/** excerpt gives the statement's lines around the finding, the first indented to its real column. */
function excerpt(finding: Finding): { number: number; text: string }[] {
  const start = finding.statementStart;
  const lines = finding.statement.split(/\r?\n/).map((text, index) => ({
    number: start.line + index,
    text: index === 0 ? `${' '.repeat(Math.max(0, start.column - 1))}${text}` : text,
  }));
  const shown = lines.filter(
    (line) => line.number >= finding.line - CONTEXT_BEFORE && line.number <= finding.line + CONTEXT_AFTER,
  );
  return shown.length > 0 ? shown : lines.slice(0, 1);
}
