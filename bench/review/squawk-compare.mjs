#!/usr/bin/env node
// Review accuracy vs squawk: run squawk and dbward's review on the same small migrations (one
// concern each, see accuracy-cases.mjs) and print, per concern, what each tool reported, whether
// they agree, and who matches the expected verdict. Run with `npm run bench:squawk-compare`
// (`-- --markdown` prints the table for bench/README.md, `-- --json` the raw results).
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../src/config/load-config.ts';
import { reviewMigrations } from '../../src/review/review-migrations.ts';
import { RULES } from '../../src/review/rules/index.ts';
import { CONCERNS } from './accuracy-cases.mjs';
import { CONCERN_RULES, caseHits, writeAccuracyProject } from './accuracy-project.mjs';

/** squawk rules that fired on the corpus but speak to no concern, and why dbward has no counterpart. */
const SQUAWK_ONLY = {
  'require-lock-timeout':
    'dbward sets lock_timeout itself for every migration it applies (config `lockTimeout`) and retries on a lock timeout',
  'require-statement-timeout':
    'dbward sets statement_timeout itself when applying (config `statementTimeout`)',
  'prefer-robust-stmts':
    'dbward applies a migration in one transaction and records it, so a half-applied file is rolled back, never re-run; IF NOT EXISTS would hide drift',
  'prefer-text-field':
    'widening varchar(n) is a catalog-only change, which alter-column-type lets through, so varchar(n) is not a trap',
  'prefer-bigint-over-smallint': 'dbward only asks for bigint where a value can run out: primary keys',
};

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SQUAWK = join(ROOT, 'node_modules', '.bin', 'squawk');
const markdown = process.argv.includes('--markdown');
const json = process.argv.includes('--json');

function runSquawk(dir, files) {
  const started = performance.now();
  const run = spawnSync(SQUAWK, ['--reporter', 'json', ...files.map((f) => f.relativePath)], {
    cwd: dir,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = (performance.now() - started) / 1000;
  if (run.status !== 0 && run.status !== 1) {
    throw new Error(`squawk exited ${run.status}: ${run.stderr}`);
  }
  const violations = JSON.parse(run.stdout || '[]');
  return { violations, seconds };
}

async function runDbward(dir, files) {
  const config = await loadConfig({ cwd: dir, env: {} });
  const started = performance.now();
  const report = await reviewMigrations(config, {
    paths: files.map((f) => f.path),
    target: null,
    cache: false,
  });
  return { findings: report.findings, seconds: (performance.now() - started) / 1000 };
}

function judge(files, squawk, dbward) {
  const squawkReports = squawk.violations.map((v) => ({
    ...v,
    file: v.file,
    line0: v.line,
    rule: v.rule_name,
  }));
  const dbwardReports = dbward.findings.map((f) => ({ ...f, line0: f.line - 1 }));
  return files.map((file) => {
    const squawkHits = caseHits('squawk', file, squawkReports);
    const dbwardHits = caseHits('dbward', file, dbwardReports);
    const otherSquawk = squawk.violations.filter(
      (v) =>
        v.file === file.relativePath &&
        !squawkHits.some((hit) => hit.rule === v.rule_name && hit.line0 === v.line),
    );
    return {
      concern: file.testCase.concern,
      flag: file.testCase.flag,
      sql: file.testCase.up,
      down: file.testCase.down,
      why: file.testCase.why ?? null,
      squawk: squawkHits.length > 0,
      squawkRules: [...new Set(squawkHits.map((v) => v.rule))],
      dbward: dbwardHits.length > 0,
      dbwardRules: [...new Set(dbwardHits.map((f) => f.rule))],
      otherSquawkRules: [...new Set(otherSquawk.map((v) => v.rule_name))],
    };
  });
}

function summarize(results, findings) {
  // The registry's rules plus those the engine reports itself (syntax-error).
  const ruleIds = new Set([...RULES.map((rule) => rule.id), ...findings.map((f) => f.rule)]);
  return CONCERNS.map((concern) => {
    const cases = results.filter((r) => r.concern === concern.name);
    const dbwardHasRule = concern.dbward === '*' || concern.dbward.some((id) => ruleIds.has(id));
    return {
      concern: concern.name,
      cases: cases.length,
      shouldFlag: cases.filter((c) => c.flag).length,
      squawkRight: cases.filter((c) => c.squawk === c.flag).length,
      dbwardRight: cases.filter((c) => c.dbward === c.flag).length,
      agree: cases.filter((c) => c.squawk === c.dbward).length,
      squawkRules: concern.squawk === '*' ? 'any' : concern.squawk.join(', ') || '(none)',
      dbwardRules:
        concern.dbward === '*'
          ? 'any'
          : concern.dbward.filter((id) => ruleIds.has(id)).join(', ') || '(no rule yet)',
      dbwardHasRule,
    };
  });
}

function verdict(flagged) {
  return flagged ? 'flags' : 'passes';
}

function printText(summary, results, timing) {
  const pad = (text, width) => String(text).padEnd(width);
  console.log(
    `${pad('concern', 38)} ${pad('cases', 5)} ${pad('squawk ok', 9)} ${pad('dbward ok', 9)} ${pad('agree', 5)}`,
  );
  for (const row of summary) {
    console.log(
      `${pad(row.concern, 38)} ${pad(row.cases, 5)} ${pad(`${row.squawkRight}/${row.cases}`, 9)} ${pad(`${row.dbwardRight}/${row.cases}`, 9)} ${pad(`${row.agree}/${row.cases}`, 5)}${row.dbwardHasRule ? '' : '  (dbward: no rule yet)'}`,
    );
  }
  const total = (key) => summary.reduce((sum, row) => sum + row[key], 0);
  console.log(
    `${pad('total', 38)} ${pad(total('cases'), 5)} ${pad(total('squawkRight'), 9)} ${pad(total('dbwardRight'), 9)} ${pad(total('agree'), 5)}`,
  );
  console.log('\nDisagreements (expected verdict first):');
  for (const r of results.filter((x) => x.squawk !== x.dbward)) {
    console.log(
      `- [${r.concern}] ${r.sql.replaceAll('\n', ' ')}${r.down ? ` / down: ${r.down}` : ''}\n    expected ${verdict(r.flag)}; squawk ${verdict(r.squawk)}${r.squawkRules.length ? ` (${r.squawkRules.join(', ')})` : ''}; dbward ${verdict(r.dbward)}${r.dbwardRules.length ? ` (${r.dbwardRules.join(', ')})` : ''}${r.why ? `\n    why: ${r.why}` : ''}`,
    );
  }
  const wrong = results.filter((x) => x.dbward !== x.flag);
  if (wrong.length > 0) {
    console.log('\ndbward differs from the expected verdict:');
    for (const r of wrong)
      console.log(`- [${r.concern}] ${r.sql.replaceAll('\n', ' ')}: expected ${verdict(r.flag)}`);
  }
  console.log('\nsquawk rules outside the concerns (files where they fired):');
  for (const [rule, files] of squawkOnly(results)) {
    console.log(`- ${rule}: ${files}; ${SQUAWK_ONLY[rule] ?? '(no note)'}`);
  }
  console.log(
    `\nsquawk ${timing.squawk.toFixed(2)} s, dbward ${timing.dbward.toFixed(2)} s (${results.length} files)`,
  );
}

/** Rules squawk reported that no concern maps, with the number of files each fired in. */
function squawkOnly(results) {
  const counts = new Map();
  for (const r of results) {
    for (const rule of r.otherSquawkRules) {
      if (!CONCERN_RULES.squawk.has(rule)) counts.set(rule, (counts.get(rule) ?? 0) + 1);
    }
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1]);
}

function printMarkdown(summary, results) {
  console.log(
    '| concern | cases | squawk matches expected | dbward matches expected | agree | squawk rules | dbward rules |',
  );
  console.log('|---|---|---|---|---|---|---|');
  for (const row of summary) {
    console.log(
      `| ${row.concern} | ${row.cases} | ${row.squawkRight}/${row.cases} | ${row.dbwardRight}/${row.cases} | ${row.agree}/${row.cases} | ${row.squawkRules} | ${row.dbwardRules} |`,
    );
  }
  console.log('\n| concern | case | expected | squawk | dbward | why they disagree |');
  console.log('|---|---|---|---|---|---|');
  for (const r of results.filter((x) => x.squawk !== x.dbward)) {
    const sql = `${r.sql}${r.down ? ` / down: ${r.down}` : ''}`.replaceAll('\n', ' ').replaceAll('|', '\\|');
    console.log(
      `| ${r.concern} | \`${sql}\` | ${verdict(r.flag)} | ${verdict(r.squawk)} | ${verdict(r.dbward)} | ${r.why ?? (r.dbward === r.flag ? 'squawk misses it' : 'dbward misses it')} |`,
    );
  }
  console.log('\n| squawk rule outside the concerns | files | why dbward has no counterpart |');
  console.log('|---|---|---|');
  for (const [rule, files] of squawkOnly(results))
    console.log(`| ${rule} | ${files} | ${SQUAWK_ONLY[rule] ?? ''} |`);
}

const dir = await mkdtemp(join(tmpdir(), 'dbward-squawk-compare-'));
try {
  const files = await writeAccuracyProject(dir);
  const squawk = runSquawk(dir, files);
  const dbward = await runDbward(dir, files);
  const results = judge(files, squawk, dbward);
  const summary = summarize(results, dbward.findings);
  if (json) console.log(JSON.stringify({ summary, results }, null, 2));
  else if (markdown) printMarkdown(summary, results);
  else printText(summary, results, { squawk: squawk.seconds, dbward: dbward.seconds });
} finally {
  await rm(dir, { recursive: true, force: true });
}
