import type {
  MigrationDirective,
  MigrationFile,
  MigrationStatement,
} from '../migrations/migration-file-types.js';
import { splitLines } from '../migrations/text-positions.js';
import { ENGINE_RULES } from './engine-rules.js';
import type { Finding } from './finding.js';
import { knownRules } from './known-rules.js';

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
  const statementOf = (finding: Finding): MigrationStatement | null => findingStatements.get(finding) ?? null;
  const allows = file.directives.filter(
    (directive): directive is MigrationDirective & { rule: string } =>
      directive.kind === 'allow' && directive.rule !== null,
  );
  const hasReason = (directive: MigrationDirective): boolean =>
    directive.reason !== null && directive.reason.trim() !== '';
  const coveredBy = new Map(
    allows.map((directive) => {
      const statement = attached.get(directive) ?? null;
      const covered = findings.filter(
        (finding) => finding.rule === directive.rule && statementOf(finding) === statement,
      );
      return [directive, covered] as const;
    }),
  );
  // Findings no valid allow reaches: where a misplaced allow should have gone.
  const reached = new Set(allows.filter(hasReason).flatMap((directive) => coveredBy.get(directive) ?? []));
  const extra: Finding[] = [];
  for (const directive of allows) {
    const statement = attached.get(directive) ?? null;
    const covered = coveredBy.get(directive) ?? [];
    const at = { ...base, line: directive.line, column: directive.column, statement: directive.text };
    const position = { line: directive.line, column: directive.column };
    if (!hasReason(directive)) {
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
        message: unusedMessage(
          file,
          directive,
          statement,
          findings.filter((finding) => finding.rule === directive.rule && !reached.has(finding)),
          statementOf,
        ),
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
  for (const stray of strayDirectives(file.text)) {
    const rule = ENGINE_RULES['unused-acknowledgement'];
    extra.push({
      ...base,
      line: stray.line,
      column: stray.column,
      statement: stray.text,
      rule: rule.id,
      severity: rule.defaultSeverity,
      message: `this dbward:${stray.kind} is not read: a directive is a line of its own that starts with --, not a comment after code or inside /* */; put it on the comment lines just before the statement`,
      help: rule.help,
      acknowledged: false,
      reason: null,
      target: null,
      statementStart: { line: stray.line, column: stray.column },
    });
  }
  return extra;
}

// A line comment of its own (a directive, or prose that mentions one), and a mention.
const COMMENT_LINE = /^\s*--/;
const MENTION = /dbward:(allow|backup)\b/;

/**
 * strayDirectives finds `dbward:allow` and `dbward:backup` written where no directive is read:
 * after code on the same line, or in a block comment. The author meant it, and without a word
 * the finding it should acknowledge stays, unexplained. Read from the text (a string literal
 * that mentions one counts too; that costs only a warning); a line that starts with `--` is a
 * directive or prose, never reported here.
 */
function strayDirectives(text: string): { line: number; column: number; kind: string; text: string }[] {
  const found: { line: number; column: number; kind: string; text: string }[] = [];
  for (const line of splitLines(text)) {
    if (COMMENT_LINE.test(line.text)) continue;
    const mention = MENTION.exec(line.text);
    if (mention === null) continue;
    found.push({
      line: line.number,
      column: mention.index + 1,
      kind: mention[1] ?? 'allow',
      text: line.text.trim(),
    });
  }
  return found;
}

/**
 * unusedMessage says why an allow matched nothing, from where it sits: before a statement with no
 * such finding, before `-- migrate:up` (where it covers only findings about the whole file),
 * inside a statement, or after a section's last statement; and where the rule's findings that no
 * allow reaches are (`elsewhere`), which is where it should go.
 */
function unusedMessage(
  file: MigrationFile,
  directive: MigrationDirective & { rule: string },
  statement: MigrationStatement | null,
  elsewhere: readonly Finding[],
  statementOf: (finding: Finding) => MigrationStatement | null,
): string {
  const rule = directive.rule;
  const head = `dbward:allow ${rule} acknowledges nothing`;
  const known = knownRules().map((known) => known.id);
  if (!known.includes(rule)) {
    const near = known.filter((id) => editDistance(id, rule) <= 2);
    const guess =
      near.length > 0 ? ` (did you mean ${near.join(' or ')}?)` : '; the ids are in docs/rules/README.md';
    return `${head}: ${rule} is not a rule id${guess}`;
  }
  const onStatements = [
    ...new Set(
      elsewhere
        .map(statementOf)
        .filter((s) => s !== null)
        .map((s) => s.line),
    ),
  ];
  const onFile = elsewhere.some((finding) => statementOf(finding) === null);
  const hints: string[] = [];
  if (onStatements.length > 0) {
    const lines = onStatements.sort((a, b) => a - b);
    const where =
      lines.length === 1
        ? `the statement at line ${lines[0]}`
        : `the statements at lines ${lines.slice(0, -1).join(', ')} and ${lines.at(-1)}`;
    hints.push(
      `${rule} is reported on ${where}: put the allow on the comment lines just before ${lines.length === 1 ? 'it' : 'each'}`,
    );
  }
  if (onFile) hints.push(`${rule} is reported about the whole file: put the allow before -- migrate:up`);
  const hint = hints.length === 0 ? '' : `; ${hints.join('; ')}`;

  if (statement !== null)
    return `${head}: no ${rule} finding on the statement after it (line ${statement.line})${hint}`;
  const place = placeOf(file, directive.line);
  if (place.kind === 'file')
    return `${head}: before -- migrate:up it covers only findings about the whole file, and ${rule} has none${hint}`;
  if (place.kind === 'inside')
    return `${head}: it is inside the statement at line ${place.statement.line}, not on the comment lines just before it${hint}`;
  return `${head}: no statement follows it in the ${place.section} section${hint}`;
}

/** editDistance is the Levenshtein distance of two short strings (a misspelled rule id). */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(
        Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost),
      );
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

type DirectivePlace =
  | { kind: 'file' }
  | { kind: 'inside'; statement: MigrationStatement }
  | { kind: 'after-last'; section: 'up' | 'down' };

/** placeOf tells where an allow attached to no statement sits in the file. */
function placeOf(file: MigrationFile, line: number): DirectivePlace {
  const sections = (['up', 'down'] as const)
    .map((name) => ({ name, section: file[name] }))
    .filter((entry) => entry.section !== null && entry.section.line < line)
    .sort((a, b) => (b.section?.line ?? 0) - (a.section?.line ?? 0));
  const current = sections[0];
  if (current === undefined || current.section === null) return { kind: 'file' };
  for (const statement of current.section.statements) {
    const lastLine = statement.line + (statement.sql.match(/\n/g)?.length ?? 0);
    if (statement.line <= line && line <= lastLine) return { kind: 'inside', statement };
  }
  return { kind: 'after-last', section: current.name };
}
