// The accuracy corpus as a dbward project on disk, and how a tool's reports are matched to each
// case's concern: shared by `squawk-compare.mjs` and the regression test
// test/review/accuracy-corpus.test.ts.
import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { AUTH_MIGRATION, BASE_MIGRATION, CASES, CONCERNS } from './accuracy-cases.mjs';

/** A migration file for a case, with each tool's idiom for "not in a transaction". */
function caseFile(testCase) {
  const directives = testCase.directives ?? [];
  const lines = [`-- ${testCase.concern}`, ...directives];
  // A squawk user writes this where a dbward user writes -- dbward:no-transaction.
  if (directives.includes('-- dbward:no-transaction')) lines.push('-- squawk-disable-assume-in-transaction');
  lines.push('-- migrate:up', testCase.up);
  if (testCase.down !== null) lines.push('-- migrate:down', testCase.down ?? 'SELECT 1;');
  return `${lines.join('\n')}\n`;
}

/** The 0-based line of `-- migrate:down`, or Infinity. */
function downLine(text) {
  const index = text.split('\n').findIndex((line) => line.trim() === '-- migrate:down');
  return index < 0 ? Number.POSITIVE_INFINITY : index;
}

/**
 * writeAccuracyProject writes every case as `migrations/cNNN/0002_case.sql` after the shared base
 * migration, one service each, plus an `auth` service for the cross-schema cases.
 */
export async function writeAccuracyProject(dir) {
  const services = { auth: {} };
  const files = [];
  await mkdir(join(dir, 'migrations', 'auth'), { recursive: true });
  await writeFile(join(dir, 'migrations', 'auth', '0001_accounts.sql'), AUTH_MIGRATION);
  for (const [index, testCase] of CASES.entries()) {
    const service = `c${String(index + 1).padStart(3, '0')}`;
    services[service] = {};
    const folder = join(dir, 'migrations', service);
    await mkdir(folder, { recursive: true });
    await writeFile(join(folder, '0001_base.sql'), BASE_MIGRATION);
    const text = caseFile(testCase);
    const path = join(folder, '0002_case.sql');
    await writeFile(path, text);
    files.push({
      testCase,
      service,
      path,
      relativePath: relative(dir, path),
      downLine: downLine(text),
      text,
    });
  }
  await writeFile(join(dir, 'dbward.config.json'), JSON.stringify({ services }, null, 2));
  // dbmate and dbward run each file in a transaction; squawk is told the same.
  await writeFile(join(dir, '.squawk.toml'), 'assume_in_transaction = true\npg_version = "15.0"\n');
  return files;
}

export function concernOf(name) {
  const concern = CONCERNS.find((c) => c.name === name);
  if (!concern) throw new Error(`case names an unknown concern: ${name}`);
  return concern;
}

// '*' means any rule that speaks to one of the concerns (not squawk's style rules such as
// require-timeout-settings, which are reported in their own table).
export const CONCERN_RULES = {
  squawk: new Set(CONCERNS.flatMap((c) => (c.squawk === '*' ? [] : c.squawk))),
  dbward: new Set(CONCERNS.flatMap((c) => (c.dbward === '*' ? [] : c.dbward))),
};

function matches(tool, ruleList, rule) {
  return ruleList === '*' ? CONCERN_RULES[tool].has(rule) : ruleList.includes(rule);
}

/**
 * caseHits gives, for one written case, the reports of a tool that speak to the case's concern
 * in the concern's section: `reports` are `{ file, line0, rule }` with a 0-based line.
 */
export function caseHits(tool, file, reports) {
  const concern = concernOf(file.testCase.concern);
  const section = concern.section ?? 'up';
  const inSection = (line0) => (section === 'up' ? line0 < file.downLine : line0 > file.downLine);
  return reports.filter(
    (r) => r.file === file.relativePath && inSection(r.line0) && matches(tool, concern[tool], r.rule),
  );
}
