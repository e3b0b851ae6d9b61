import { describe, expect, it } from 'vitest';
import { ENGINE_RULES } from '../../src/review/engine-rules.js';
import type { Finding, ReviewResult } from '../../src/review/finding.js';
import { knownRules } from '../../src/review/known-rules.js';
import { githubReport } from '../../src/review/reporters/github-reporter.js';
import { jsonReport } from '../../src/review/reporters/json-reporter.js';
import { sarifReport } from '../../src/review/reporters/sarif-reporter.js';
import { textReport } from '../../src/review/reporters/text-reporter.js';
import { RULES } from '../../src/review/rules/index.js';

function finding(overrides: Partial<Finding>): Finding {
  return {
    rule: 'drop-table',
    severity: 'error',
    file: 'migrations/auth/0003_drop.sql',
    line: 4,
    column: 12,
    message: 'drops auth.sessions',
    help: 'back it up first',
    statement: 'DROP TABLE sessions',
    acknowledged: false,
    reason: null,
    service: 'auth',
    target: 'auth.sessions',
    statementStart: { line: 4, column: 1 },
    ...overrides,
  };
}

function result(findings: Finding[]): ReviewResult {
  const errors = findings.filter((f) => !f.acknowledged && f.severity === 'error').length;
  const warnings = findings.filter((f) => !f.acknowledged && f.severity === 'warning').length;
  const acknowledged = findings.filter((f) => f.acknowledged).length;
  return { findings, summary: { errors, warnings, acknowledged, files: 2 } };
}

const MIXED = result([
  finding({}),
  finding({
    rule: 'create-index-not-concurrently',
    severity: 'warning',
    line: 9,
    column: 3,
    statement: 'CREATE INDEX idx ON t\n    (a, b)',
    statementStart: { line: 8, column: 3 },
    acknowledged: true,
    reason: 'table has 10 rows, 100%: fine',
    message: 'locks t, a: "big" table\r\nfor writes',
  }),
]);

describe('textReport', () => {
  it('draws the statement with a caret under the position, the help and the docs link', () => {
    const text = textReport(result([finding({})]));
    const lines = text.split('\n');
    const statementLine = lines.findIndex((line) => line.endsWith('| DROP TABLE sessions'));
    expect(lines[0]).toBe('error[drop-table]: drops auth.sessions');
    expect(text).toContain('--> migrations/auth/0003_drop.sql:4:12');
    expect(statementLine).toBeGreaterThan(0);
    const caretLine = lines[statementLine + 1] ?? '';
    const pipe = caretLine.indexOf('| ') + 2;
    expect(caretLine.indexOf('^') - pipe).toBe(11);
    expect(lines[statementLine]?.slice(pipe + 11, pipe + 19)).toBe('sessions');
    expect(text).toContain('= help: back it up first');
    expect(text).toMatch(/= docs: \S+\/docs\/rules\/drop-table\.md/);
    expect(text.trimEnd().split('\n').at(-1)).toBe(
      'review failed: 1 error, 0 warnings, 0 acknowledged in 2 files',
    );
  });

  /** caretUnder returns what follows `| ` on the line below the statement line ending in `sourceLine`. */
  function caretUnder(text: string, sourceLine: string): string {
    const lines = text.split('\n');
    const at = lines.findIndex((line) => line.endsWith(`| ${sourceLine}`));
    expect(at).toBeGreaterThanOrEqual(0);
    const caretLine = lines[at + 1] ?? '';
    return caretLine.slice(caretLine.indexOf('| ') + 2);
  }

  it('copies tabs before the caret, so a terminal expands both lines alike', () => {
    const source = '\tALTER COLUMN name TYPE varchar(10)';
    const text = textReport(
      result([
        finding({
          rule: 'alter-column-type',
          line: 4,
          column: 25,
          statement: `ALTER TABLE users\n  ADD COLUMN a text,\n  ADD COLUMN b text,\n${source}`,
          statementStart: { line: 1, column: 1 },
        }),
      ]),
    );
    expect(source.slice(24)).toMatch(/^varchar/);
    expect(caretUnder(text, source)).toBe(`\t${' '.repeat(23)}^`);
  });

  it('gives wide characters two cells and combining marks none', () => {
    // Columns count UTF-16 code units: 日 and 本 one each, 😀 two, e + U+0301 two.
    const source = "SELECT '日本😀e\u0301', auth.users";
    const column = source.indexOf('auth') + 1;
    const text = textReport(result([finding({ line: 4, column, statement: source })]));
    const cells = "SELECT '".length + 4 + 2 + 1 + "', ".length;
    expect(caretUnder(text, source)).toBe(`${' '.repeat(cells)}^`);
  });

  it('says 1 file, 1 warning in the summary', () => {
    const text = textReport({
      findings: [finding({ severity: 'warning' })],
      summary: { errors: 0, warnings: 1, acknowledged: 0, files: 1 },
    });
    expect(text.trimEnd().split('\n').at(-1)).toBe(
      'review passed: 0 errors, 1 warning, 0 acknowledged in 1 file',
    );
  });

  it('keeps the real column of a statement that starts mid-line, and shows acknowledgements', () => {
    const text = textReport(MIXED);
    expect(text).toContain(' 8 |   CREATE INDEX idx ON t\n 9 |     (a, b)\n   |   ^');
    expect(text).toContain('acknowledged: table has 10 rows, 100%: fine');
  });
});

describe('jsonReport', () => {
  it('writes the documented shape and nothing internal', () => {
    const parsed = JSON.parse(jsonReport(MIXED));
    expect(Object.keys(parsed)).toEqual(['findings', 'summary']);
    expect(parsed.summary).toEqual({ errors: 1, warnings: 0, acknowledged: 1, files: 2 });
    expect(parsed.findings[0]).toEqual({
      rule: 'drop-table',
      severity: 'error',
      file: 'migrations/auth/0003_drop.sql',
      line: 4,
      column: 12,
      message: 'drops auth.sessions',
      help: 'back it up first',
      statement: 'DROP TABLE sessions',
      acknowledged: false,
      reason: null,
      service: 'auth',
      target: 'auth.sessions',
    });
    expect(parsed.findings[1]).toMatchObject({ acknowledged: true, reason: 'table has 10 rows, 100%: fine' });
  });
});

describe('githubReport', () => {
  it('prints one workflow command per finding with GitHub escaping', () => {
    const lines = githubReport(MIXED).trimEnd().split('\n');
    expect(lines[0]).toBe(
      '::error file=migrations/auth/0003_drop.sql,line=4,col=12,title=drop-table::drops auth.sessions%0Aback it up first',
    );
    // Acknowledged: a notice; % CR LF escaped in the message; , and : only in properties.
    expect(lines[1]).toBe(
      '::notice file=migrations/auth/0003_drop.sql,line=9,col=3,title=create-index-not-concurrently::locks t, a: "big" table%0D%0Afor writes (acknowledged: table has 10 rows, 100%25: fine)',
    );
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('dbward review: 1 error, 0 warnings, 1 acknowledged in 2 files');
  });

  it('writes the summary in the singular for one', () => {
    const output = githubReport({
      findings: [finding({})],
      summary: { errors: 1, warnings: 1, acknowledged: 1, files: 1 },
    });
    expect(output.trimEnd().split('\n').at(-1)).toBe(
      'dbward review: 1 error, 1 warning, 1 acknowledged in 1 file',
    );
  });

  it('escapes , and : inside property values', () => {
    const line = githubReport(result([finding({ file: 'migrations/a,b/0001_x:y.sql' })])).split('\n')[0];
    expect(line).toContain('file=migrations/a%2Cb/0001_x%3Ay.sql,line=4');
  });
});

describe('sarifReport', () => {
  it('writes a SARIF 2.1.0 log with rules, results, locations and suppressions', () => {
    const log = JSON.parse(sarifReport(MIXED, knownRules()));
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toMatch(/sarif-2\.1\.0/);
    const [run] = log.runs;
    expect(run.tool.driver.name).toBe('dbward');
    const ids = run.tool.driver.rules.map((rule: { id: string }) => rule.id);
    for (const rule of [...RULES, ...Object.values(ENGINE_RULES)]) expect(ids).toContain(rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of run.tool.driver.rules) {
      expect(rule.shortDescription.text.length).toBeGreaterThan(0);
      expect(rule.helpUri).toMatch(
        new RegExp(`^https://\\S+/docs/(rules/${rule.id}\\.md|review\\.md#${rule.id})$`),
      );
      expect(['error', 'warning', 'note']).toContain(rule.defaultConfiguration.level);
    }
    const [error, acknowledged] = run.results;
    expect(error).toEqual({
      ruleId: 'drop-table',
      ruleIndex: ids.indexOf('drop-table'),
      level: 'error',
      message: { text: 'drops auth.sessions\nback it up first' },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'migrations/auth/0003_drop.sql' },
            region: { startLine: 4, startColumn: 12 },
          },
        },
      ],
    });
    expect(acknowledged.level).toBe('warning');
    expect(acknowledged.suppressions).toEqual([
      { kind: 'inSource', justification: 'table has 10 rows, 100%: fine' },
    ]);
  });

  it('percent-encodes each segment of a file URI (RFC 3986), keeping the slashes', () => {
    const files = [
      'migrations/auth/0003_new file.sql',
      'migrations/auth/0002_a%b,c:d#e?.sql',
      'migrations/café/0004_ü.sql',
    ];
    const log = JSON.parse(sarifReport(result(files.map((file) => finding({ file }))), knownRules()));
    const uris: string[] = log.runs[0].results.map(
      (r: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) =>
        r.locations[0]?.physicalLocation.artifactLocation.uri,
    );
    expect(uris).toEqual([
      'migrations/auth/0003_new%20file.sql',
      'migrations/auth/0002_a%25b%2Cc%3Ad%23e%3F.sql',
      'migrations/caf%C3%A9/0004_%C3%BC.sql',
    ]);
    for (const [index, uri] of uris.entries()) {
      // Only unreserved characters, escapes and `/`; resolved against a base, back to the path.
      expect(uri).toMatch(/^(?:[A-Za-z0-9\-._~/]|%[0-9A-F]{2})+$/);
      const resolved = new URL(uri, 'file:///project/').pathname;
      expect(decodeURIComponent(resolved)).toBe(`/project/${files[index]}`);
    }
  });
});
