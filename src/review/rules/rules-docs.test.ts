import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ENGINE_RULES } from '../engine-rules.js';
import { RULES } from './index.js';

// The docs index and the pages must follow the registry; this test is what keeps them from drifting.
const docsDir = fileURLToPath(new URL('../../../docs/rules/', import.meta.url));
const readme = readFileSync(`${docsDir}README.md`, 'utf8');

/** indexRows reads `| [\`id\`](id.md) | severity | summary |` rows of the README's rule table. */
function indexRows(section: string): { id: string; page: string; severity: string; summary: string }[] {
  const start = readme.indexOf(section);
  const end = readme.indexOf('\n## ', start + section.length);
  const text = readme.slice(start, end === -1 ? undefined : end);
  const rows = [];
  for (const match of text.matchAll(/^\| \[`([a-z0-9-]+)`\]\(([^)]+)\) \| (\w+) \| (.+) \|$/gm)) {
    rows.push({
      id: match[1] ?? '',
      page: match[2] ?? '',
      severity: match[3] ?? '',
      summary: match[4] ?? '',
    });
  }
  return rows;
}

describe('docs/rules', () => {
  it('the README index lists exactly the registry rules, in order, with their severity and summary', () => {
    // Compared as table lines, so a failure shows the exact line to paste into the README.
    const line = (row: { id: string; page: string; severity: string; summary: string }) =>
      `| [\`${row.id}\`](${row.page}) | ${row.severity} | ${row.summary} |`;
    expect(indexRows('## Rules').map(line)).toEqual(
      RULES.map((rule) =>
        line({ id: rule.id, page: `${rule.id}.md`, severity: rule.defaultSeverity, summary: rule.summary }),
      ),
    );
  });

  it('the README lists every engine finding with its severity, summary and page', () => {
    const rows = indexRows('## Engine findings');
    expect(rows).toEqual(
      Object.values(ENGINE_RULES).map((rule) => ({
        id: rule.id,
        page: 'docsPage' in rule ? `../${rule.docsPage}` : `${rule.id}.md`,
        severity: rule.defaultSeverity,
        summary: rule.summary,
      })),
    );
  });

  it('every rule, and every engine finding documented here, has a page titled with its id', () => {
    const engineHere = indexRows('## Engine findings').filter((row) => row.page === `${row.id}.md`);
    const ids = [...RULES.map((rule) => rule.id), ...engineHere.map((row) => row.id)];
    expect(engineHere.map((row) => row.id)).toContain('syntax-error');
    for (const id of ids) {
      const page = `${docsDir}${id}.md`;
      expect(existsSync(page), page).toBe(true);
      const text = readFileSync(page, 'utf8');
      expect(text.split('\n')[0]).toBe(`# ${id}`);
      for (const heading of ['## What it catches', '## Why it matters', '## Acknowledge', '## Examples'])
        expect(text, `${id}: ${heading}`).toContain(heading);
    }
  });

  it('every page states the default severity of its rule', () => {
    for (const rule of RULES) {
      const text = readFileSync(`${docsDir}${rule.id}.md`, 'utf8');
      expect(text, rule.id).toContain(`**Default severity:** ${rule.defaultSeverity}`);
    }
  });

  it('rule ids are unique kebab-case', () => {
    const ids = RULES.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/);
  });
});
