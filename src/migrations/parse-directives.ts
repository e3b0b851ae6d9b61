import type { DirectiveKind, MigrationDirective, MigrationFileProblem } from './migration-file-types.js';
import type { SourceLine } from './text-positions.js';

/** A directive with the JS index of its comment, so it can be matched to the statement after it. */
export interface LocatedDirective {
  directive: MigrationDirective;
  offset: number;
}

export interface FoundDirectives {
  directives: LocatedDirective[];
  problems: MigrationFileProblem[];
}

interface DirectiveArguments {
  rule: string | null;
  reason: string | null;
  target: string | null;
}

type ArgumentsResult = DirectiveArguments | { error: string };

const DIRECTIVE = /^(\s*)--\s*dbward:(\S*)(.*)$/;
const RULE_ID = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
// `schema.table`, each part a plain identifier or a "quoted" one (folding is the review's business).
const IDENTIFIER = String.raw`(?:[A-Za-z_][\w$]*|"(?:[^"]|"")+")`;
const QUALIFIED_NAME = new RegExp(String.raw`^\s*(${IDENTIFIER}\.${IDENTIFIER})(?=\s|$)`);
const REASON = /(?:^|\s)reason=("(?:[^"\\]|\\.)*")/;

/** parseReason reads `reason="..."` (with `\"` escapes): null when absent, an error when malformed. */
function parseReason(args: string): string | null | { error: string } {
  const match = REASON.exec(args);
  if (match?.[1] !== undefined) return match[1].slice(1, -1).replace(/\\(.)/g, '$1');
  if (/(?:^|\s)reason=/.test(args)) return { error: 'reason must be a double-quoted string: reason="..."' };
  return null;
}

function withReason(args: string, rule: string | null, target: string | null): ArgumentsResult {
  const reason = parseReason(args);
  if (reason !== null && typeof reason === 'object') return reason;
  return { rule, reason, target };
}

/**
 * withReasonAfter is withReason for a directive whose arguments are `lead` (a rule id, a table)
 * and the reason: words after the closing quote are kept, appended to the reason, since a reader
 * takes them as part of it. (Not an error: an applied migration written that way must still
 * load.) Without `reason=` the words are no reason; the review reports the missing one.
 */
function withReasonAfter(
  args: string,
  lead: string,
  rule: string | null,
  target: string | null,
): ArgumentsResult {
  const parsed = withReason(args, rule, target);
  if ('error' in parsed || parsed.reason === null) return parsed;
  const rest = args.trim().slice(lead.length).replace(REASON, ' ').trim();
  return rest === '' ? parsed : { ...parsed, reason: `${parsed.reason} ${rest}` };
}

function firstWord(args: string): string {
  return args.trim().split(/\s+/)[0] ?? '';
}

// One parser per kind: a new DirectiveKind that nobody parses is a type error here.
const ARGUMENT_PARSERS: Record<DirectiveKind, (args: string) => ArgumentsResult> = {
  'no-transaction': (args) => withReason(args, null, null),
  breaking: (args) => withReason(args, null, null),
  allow: (args) => {
    const rule = firstWord(args);
    if (rule === '' || rule.startsWith('reason='))
      return { error: 'needs a rule id: dbward:allow <rule-id> reason="..."' };
    if (!RULE_ID.test(rule)) return { error: `"${rule}" is not a rule id (kebab-case, e.g. drop-table)` };
    return withReasonAfter(args, rule, rule, null);
  },
  backup: (args) => {
    const target = QUALIFIED_NAME.exec(args)?.[1];
    if (target === undefined) return { error: 'needs the archive table: dbward:backup archive.<table>' };
    return withReasonAfter(args, target, null, target);
  },
};

function isDirectiveKind(kind: string): kind is DirectiveKind {
  return Object.hasOwn(ARGUMENT_PARSERS, kind);
}

/**
 * findDirectives reads every `-- dbward:<kind> ...` comment line. A malformed or unknown one is a
 * problem pointing at its kind, and is left out of the directives.
 */
export function findDirectives(lines: SourceLine[]): FoundDirectives {
  const found: FoundDirectives = { directives: [], problems: [] };
  for (const line of lines) {
    const match = DIRECTIVE.exec(line.text);
    if (match === null) continue;
    const indent = match[1] ?? '';
    const kind = match[2] ?? '';
    const text = line.text.trim();
    const column = indent.length + 1;
    const kindColumn = line.text.indexOf('dbward:') + 'dbward:'.length + 1;
    if (!isDirectiveKind(kind)) {
      const known = Object.keys(ARGUMENT_PARSERS).join(', ');
      found.problems.push({
        code: kind === '' ? 'bad-directive' : 'unknown-directive',
        message:
          kind === ''
            ? `directive without a kind (known: ${known})`
            : `unknown directive dbward:${kind} (known: ${known})`,
        line: line.number,
        column: kindColumn,
      });
      continue;
    }
    const parsed = ARGUMENT_PARSERS[kind](match[3] ?? '');
    if ('error' in parsed) {
      found.problems.push({
        code: 'bad-directive',
        message: `dbward:${kind}: ${parsed.error}`,
        line: line.number,
        column: kindColumn,
      });
      continue;
    }
    found.directives.push({
      directive: { kind, ...parsed, line: line.number, column, text },
      offset: line.start + indent.length,
    });
  }
  return found;
}
