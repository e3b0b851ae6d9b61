import { existsSync } from 'node:fs';
import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type CachedFileReview, openReviewCache, reviewCacheDir } from './review-cache.js';
import type { SchemaEffect } from './schema-model/schema-effect.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

const EFFECTS: SchemaEffect[] = [
  { kind: 'create-schema', schema: 'auth', ifNotExists: true, at: { line: 1, column: 1 } },
];

const REVIEW: CachedFileReview = {
  reads: { auth: 'digest' },
  violations: [],
  estimates: {},
  contextFailures: [],
  needsTarget: false,
  findings: [],
};

async function project(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'dbward-cache-'));
  dirs.push(dir);
  return dir;
}

describe('review cache pack', () => {
  it('keeps entries across runs and writes nothing when a run only reads', async () => {
    const dir = await project();
    const first = await openReviewCache(dir);
    first.storeSchemaEffects('a', EFFECTS);
    await first.flush();
    const packFile = path.join(reviewCacheDir(dir), 'pack.json');
    const written = await readFile(packFile, 'utf8');
    // Never committed, even in a project that does not ignore .dbward/.
    expect(await readFile(path.join(dir, '.dbward', 'cache', '.gitignore'), 'utf8')).toBe('*\n');

    const second = await openReviewCache(dir);
    expect(second.schemaEffects('a')).toEqual(EFFECTS);
    expect(second.schemaEffects('b')).toBeNull();
    await writeFile(packFile, written.replace('"format":1', '"format":1 '));
    await second.flush();
    // Untouched: the run only read (the marker space is still there).
    expect(await readFile(packFile, 'utf8')).toContain('"format":1 ');
  });

  it('drops entries no run has used for more than 30 days when it writes', async () => {
    const dir = await project();
    const first = await openReviewCache(dir);
    first.storeSchemaEffects('old', EFFECTS);
    first.storeSchemaEffects('recent', EFFECTS);
    await first.flush();
    const packFile = path.join(reviewCacheDir(dir), 'pack.json');
    const pack = JSON.parse(await readFile(packFile, 'utf8'));
    pack.effects.old[0] -= 31;
    pack.effects.recent[0] -= 30;
    await writeFile(packFile, JSON.stringify(pack));

    const second = await openReviewCache(dir);
    second.storeSchemaEffects('new', EFFECTS);
    // Using an entry on a later day records the day: the pack is rewritten, and pruned.
    expect(second.schemaEffects('recent')).toEqual(EFFECTS);
    await second.flush();
    const after = JSON.parse(await readFile(packFile, 'utf8'));
    expect(Object.keys(after.effects).sort()).toEqual(['new', 'recent']);
    expect(after.effects.recent[0]).toBe(pack.effects.recent[0] + 30);
  });

  it('appends what a run adds to a journal instead of rewriting the pack, and folds it in when it grows', async () => {
    const dir = await project();
    const first = await openReviewCache(dir);
    for (let i = 0; i < 100; i++) first.storeSchemaEffects(`base${i}`, EFFECTS);
    await first.flush();
    const packFile = path.join(reviewCacheDir(dir), 'pack.json');
    const journalFile = path.join(reviewCacheDir(dir), 'pack.journal');
    const pack = await readFile(packFile, 'utf8');

    const second = await openReviewCache(dir);
    second.storeSchemaEffects('added', EFFECTS);
    second.storeFileReview('review', REVIEW);
    await second.flush();
    expect(await readFile(packFile, 'utf8')).toBe(pack);
    expect((await readFile(journalFile, 'utf8')).trim().split('\n')).toHaveLength(2);

    // A line cut off by a killed run is a miss; the others still count.
    await appendFile(journalFile, '["e","torn",20000,[{"kind":');
    const third = await openReviewCache(dir);
    expect(third.schemaEffects('added')).toEqual(EFFECTS);
    expect(third.fileReview('review')).toEqual(REVIEW);
    expect(third.schemaEffects('torn')).toBeNull();
    expect(third.schemaEffects('base7')).toEqual(EFFECTS);

    // Past 64 lines (a quarter of the entries, if more) the journal is folded into the pack.
    for (let i = 0; i < 70; i++) third.storeSchemaEffects(`more${i}`, EFFECTS);
    await third.flush();
    expect(existsSync(journalFile)).toBe(false);
    const folded = JSON.parse(await readFile(packFile, 'utf8'));
    expect(Object.keys(folded.effects)).toHaveLength(100 + 1 + 70);
    expect(Object.keys(folded.files)).toEqual(['review']);
  });

  it('starts empty from a damaged pack', async () => {
    const dir = await project();
    const first = await openReviewCache(dir);
    first.storeSchemaEffects('a', EFFECTS);
    await first.flush();
    await writeFile(path.join(reviewCacheDir(dir), 'pack.json'), '{"format":1,"files":');
    const second = await openReviewCache(dir);
    expect(second.schemaEffects('a')).toBeNull();
  });
});
