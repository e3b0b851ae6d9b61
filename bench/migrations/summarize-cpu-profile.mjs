#!/usr/bin/env node
// Usage: node bench/migrations/summarize-cpu-profile.mjs <file.cpuprofile>... [--top N]
//        [--inclusive fnA,fnB]
// Prints where the time of `node --cpu-prof` runs went: self time by function and by package, and
// with --inclusive the time spent inside each named function (its callees included; idle time
// is not sampled inside a function, so awaiting the server counts as idle).
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { top: { type: 'string', default: '25' }, inclusive: { type: 'string', default: '' } },
});

/**
 * summarizeCpuProfile adds up self time per function (name + file:line) and per package
 * (the `node_modules/<pkg>` of the file, `dbward` for dist/, `node` for internals) across
 * profiles; the profile's samples and timeDeltas give the time of each sampled node.
 */
export function summarizeCpuProfile(profiles, inclusiveNames = []) {
  const byFunction = new Map();
  const byPackage = new Map();
  const inclusive = new Map(inclusiveNames.map((name) => [name, 0]));
  let totalUs = 0;
  for (const profile of profiles) {
    const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
    const parents = new Map();
    for (const n of profile.nodes) for (const child of n.children ?? []) parents.set(child, n.id);
    for (const [i, id] of profile.samples.entries()) {
      const us = profile.timeDeltas[i] ?? 0;
      const frame = nodes.get(id)?.callFrame;
      if (!frame) continue;
      totalUs += us;
      const where = frame.url ? `${shortUrl(frame.url)}:${frame.lineNumber + 1}` : '';
      const key = `${frame.functionName || '(anonymous)'} ${where}`.trim();
      byFunction.set(key, (byFunction.get(key) ?? 0) + us);
      const pkg = packageOf(frame.url, frame.functionName);
      byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us);
      if (inclusive.size > 0) {
        const seen = new Set();
        for (let at = id; at !== undefined; at = parents.get(at)) {
          const name = nodes.get(at)?.callFrame.functionName;
          if (name && inclusive.has(name) && !seen.has(name)) {
            seen.add(name);
            inclusive.set(name, inclusive.get(name) + us);
          }
        }
      }
    }
  }
  return { totalUs, byFunction, byPackage, inclusive };
}

function shortUrl(url) {
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) return url.slice(nm + 'node_modules/'.length);
  const dist = url.indexOf('/dist/');
  return dist >= 0 ? url.slice(dist + 1) : url.replace(/^file:\/\//, '');
}

function packageOf(url, functionName) {
  if (!url) return functionName.startsWith('(') ? functionName : 'node (native)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : (rest[0] ?? url);
  }
  if (url.includes('/dist/')) return 'dbward';
  if (url.startsWith('node:')) return 'node';
  return url;
}

function printTop(title, map, totalUs, top) {
  console.log(`\n${title}`);
  const rows = [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
  for (const [key, us] of rows) {
    console.log(
      `${(us / 1000).toFixed(0).padStart(7)} ms ${((100 * us) / totalUs).toFixed(1).padStart(5)}%  ${key}`,
    );
  }
}

if (positionals.length > 0) {
  const profiles = await Promise.all(positionals.map(async (f) => JSON.parse(await readFile(f, 'utf8'))));
  const names = values.inclusive.split(',').filter(Boolean);
  const { totalUs, byFunction, byPackage, inclusive } = summarizeCpuProfile(profiles, names);
  console.log(`${profiles.length} profile(s), ${(totalUs / 1000).toFixed(0)} ms sampled`);
  if (names.length > 0) printTop('time inside (callees included)', inclusive, totalUs, names.length);
  printTop('self time by package', byPackage, totalUs, Number(values.top));
  printTop('self time by function', byFunction, totalUs, Number(values.top));
}
