import { afterEach, describe, expect, it } from 'vitest';
import { reviewMigrations } from '../../src/review/review-migrations.js';
import { createReviewProject, migration, type ReviewProject } from './review-project.js';

const projects: ReviewProject[] = [];
afterEach(async () => {
  for (const project of projects.splice(0)) await project.remove();
});

/** The targets set-not-null reports for the estate's last file, reviewed on the schema model (no database). */
async function setNotNullTargets(files: string[]): Promise<string[]> {
  const project = await createReviewProject({
    services: ['app'],
    files: Object.fromEntries(files.map((up, index) => [`app/000${index + 1}_step.sql`, migration(up)])),
  });
  projects.push(project);
  const config = await project.load();
  const report = await reviewMigrations(config, { all: true, cache: false });
  expect(report.shadowStarted).toBe(false);
  const last = `migrations/app/000${files.length}_step.sql`;
  return report.findings
    .filter((finding) => finding.rule === 'set-not-null' && finding.file === last)
    .map((finding) => finding.target ?? '');
}

describe('set-not-null on the schema model', () => {
  it('takes a compound CHECK as proof when its other operand is one the model cannot print', async () => {
    const targets = await setNotNullTargets([
      "CREATE TABLE t (id int, a text, b text, c text,\n  CONSTRAINT ka CHECK (a IS NOT NULL AND a LIKE '%@%'),\n  CONSTRAINT kb CHECK (b IS NOT NULL AND b IN ('x', 'y')),\n  CONSTRAINT kc CHECK (c LIKE '%@%'));",
      'ALTER TABLE t ALTER a SET NOT NULL;\nALTER TABLE t ALTER b SET NOT NULL;\nALTER TABLE t ALTER c SET NOT NULL;',
    ]);
    expect(targets).toEqual(['app.t.c']);
  });

  it('follows renames to and from names that need quotes inside a CHECK', async () => {
    const targets = await setNotNullTargets([
      'CREATE TABLE t (id int, "G" text, h text, k text,\n  CONSTRAINT kg CHECK ("G" IS NOT NULL AND id > 0),\n  CONSTRAINT kh CHECK (h IS NOT NULL AND id > 0),\n  CONSTRAINT kk CHECK (k IS NOT NULL AND k <> \'k\'));',
      'ALTER TABLE t RENAME COLUMN "G" TO g;\nALTER TABLE t RENAME COLUMN h TO "H";\nALTER TABLE t RENAME COLUMN k TO "select";',
      'ALTER TABLE t ALTER g SET NOT NULL;\nALTER TABLE t ALTER "H" SET NOT NULL;\nALTER TABLE t ALTER "select" SET NOT NULL;\nALTER TABLE t ALTER id SET NOT NULL;',
    ]);
    expect(targets).toEqual(['app.t.id']);
  });

  it('takes a table-qualified IS NOT NULL as proof', async () => {
    const targets = await setNotNullTargets([
      'CREATE TABLE t (id int, a text, CONSTRAINT ka CHECK (t.a IS NOT NULL));',
      'ALTER TABLE t ALTER a SET NOT NULL;\nALTER TABLE t ALTER id SET NOT NULL;',
    ]);
    expect(targets).toEqual(['app.t.id']);
  });
});
