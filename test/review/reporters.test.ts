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
});
