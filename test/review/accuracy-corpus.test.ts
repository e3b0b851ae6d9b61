import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AccuracyFile, caseHits, writeAccuracyProject } from '../../bench/review/accuracy-project.mjs';
import { loadConfig } from '../../src/config/load-config.js';
import type { Finding } from '../../src/review/finding.js';
import { reviewMigrations } from '../../src/review/review-migrations.js';

// The corpus `npm run bench:squawk-compare` runs (bench/README.md, "Review accuracy vs squawk"):
// every case must keep the verdict a careful reviewer expects, whatever the engine's internals.
let dir = '';
let files: AccuracyFile[] = [];
let findings: Finding[] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'dbward-accuracy-'));
  files = await writeAccuracyProject(dir);
  const config = await loadConfig({ cwd: dir, env: {} });
  const report = await reviewMigrations(config, {
    paths: files.map((file) => file.path),
    target: null,
    cache: false,
  });
  findings = report.findings;
});

afterAll(async () => {
  if (dir !== '') await rm(dir, { recursive: true, force: true });
});

describe('review accuracy corpus', () => {
  it('has the cases the comparison with squawk counts', () => {
    expect(files.length).toBeGreaterThanOrEqual(88);
  });

  it('gives every case the expected verdict', () => {
    const reports = findings.map((finding) => ({ ...finding, line0: finding.line - 1 }));
    const wrong = files
      .filter((file) => caseHits('dbward', file, reports).length > 0 !== file.testCase.flag)
      .map(
        (file) =>
          `${file.testCase.concern}: ${file.testCase.up} (expected ${file.testCase.flag ? 'a finding' : 'none'})`,
      );
    expect(wrong).toEqual([]);
  });
});
