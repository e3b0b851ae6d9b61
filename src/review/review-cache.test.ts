import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openReviewCache, reviewCacheDir } from './review-cache.js';
import type { SchemaEffect } from './schema-model/schema-effect.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

const EFFECTS: SchemaEffect[] = [
  { kind: 'create-schema', schema: 'auth', ifNotExists: true, at: { line: 1, column: 1 } },
];

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
    await second.flush();
    const after = JSON.parse(await readFile(packFile, 'utf8'));
    expect(Object.keys(after.effects).sort()).toEqual(['new', 'recent']);
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
