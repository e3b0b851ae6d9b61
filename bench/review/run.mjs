#!/usr/bin/env node
// Review performance: dbward review vs squawk on a generated corpus of migration files.
// Usage: npm run bench:review [-- --files 2000 --rounds 3 --no-build --markdown --cpu-prof DIR]
// See bench/README.md, section "Review performance".
import { spawn, spawnSync } from 'node:child_process';
import { appendFile, cp, mkdtemp, readdir, rm, symlink } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { BENCH_SERVICES } from '../migrations/bench-services.mjs';
import { generateReviewCorpus } from './generate-review-corpus.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
// The native binary the npm package ships; its `squawk` shim adds a Node start (both are timed).
const SQUAWK_NATIVE = join(ROOT, 'node_modules', '@squawk-cli', 'linux-x64', 'bin', 'squawk');
const SQUAWK_SHIM = join(ROOT, 'node_modules', '.bin', 'squawk');

const { values } = parseArgs({
  options: {
    files: { type: 'string', default: '2000' },
    rounds: { type: 'string', default: '3' },
    'no-build': { type: 'boolean', default: false },
    markdown: { type: 'boolean', default: false },
    'cpu-prof': { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});
const fileCount = Number(values.files);
const rounds = Number(values.rounds);

/**
 * snapshotBuild copies the fresh build (bin, dist, package.json) aside, with node_modules linked,
 * so a rebuild in the checkout during the run (other work goes on there) cannot change what is measured.
 */
async function snapshotBuild() {
  const dir = await mkdtemp(join(tmpdir(), 'dbward-review-bench-build-'));
  for (const part of ['bin', 'dist', 'package.json'])
    await cp(join(ROOT, part), join(dir, part), { recursive: true });
  await symlink(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

let DBWARD = join(ROOT, 'bin', 'dbward.js');
const WARM_SERVICE = 'auth';

/** run spawns a command, returns wall seconds, exit code, stdout and stderr; `ok` lists accepted codes. */
function run(command, args, { cwd, env = {}, ok = [0] } = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out = [];
    const err = [];
    child.stdout.on('data', (c) => out.push(c));
    child.stderr.on('data', (c) => err.push(c));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = (performance.now() - started) / 1000;
      const stdout = Buffer.concat(out).toString();
      const stderr = Buffer.concat(err).toString();
      if (!ok.includes(code)) {
        reject(new Error(`${command} ${args.join(' ')} exited ${code}:\n${stderr.slice(-3000)}`));
      } else resolve({ seconds, code, stdout, stderr });
    });
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

async function squawk(dir, binary) {
  // One invocation over every file, with the glob its docs show; exit 1 = violations found.
  const result = await run(binary, ['--reporter', 'json', 'migrations/*/*.sql'], { cwd: dir, ok: [0, 1] });
  const violations = JSON.parse(result.stdout);
  const files = new Set(violations.map((v) => v.file)).size;
  if (violations.length === 0)
    throw new Error('squawk reported nothing: the corpus or the invocation is wrong');
  return { seconds: result.seconds, violations: violations.length, files };
}

async function dbwardReview(dir, { cpuProfDir } = {}) {
  const nodeArgs = cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', cpuProfDir] : [];
  const result = await run(process.execPath, [...nodeArgs, DBWARD, 'review', '--all', '--format', 'json'], {
    cwd: dir,
    env: { DBWARD_PROFILE: '1', NO_COLOR: '1' },
    ok: [0, 1],
  });
  const report = JSON.parse(result.stdout);
  if (report.summary.files !== fileCount) {
    throw new Error(`dbward reviewed ${report.summary.files} files, expected ${fileCount}`);
  }
  const profileLine = result.stderr.trim().split('\n').at(-1) ?? '{}';
  return {
    seconds: result.seconds,
    findings: report.findings.length,
    errors: report.summary.errors,
    byRule: countBy(report.findings, (f) => f.rule),
    profile: JSON.parse(profileLine),
  };
}

function countBy(items, key) {
  const counts = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

const removeCache = (dir) => rm(join(dir, '.dbward'), { recursive: true, force: true });

/** The newest migration of a service: the file a developer is editing. */
async function newestFile(dir, service) {
  const names = (await readdir(join(dir, 'migrations', service))).filter((n) => n.endsWith('.sql')).sort();
  return join(dir, 'migrations', service, names.at(-1));
}

async function floors(dir) {
  const node = [];
  const cli = [];
  const parser = [];
  for (let i = 0; i < 5; i++) {
    node.push((await run(process.execPath, ['-e', '0'])).seconds);
    cli.push((await run(process.execPath, [DBWARD, '--help'], { cwd: dir })).seconds);
    parser.push(
      (
        await run(
          process.execPath,
          ['--input-type=module', '-e', "import { loadModule } from 'libpg-query'; await loadModule();"],
          { cwd: ROOT },
        )
      ).seconds,
    );
  }
  return { node: median(node), cli: median(cli), parser: median(parser) };
}

async function main() {
  if (!values['no-build']) {
    const build = spawnSync('npm', ['run', '-s', 'build'], { cwd: ROOT, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('npm run build failed');
  }
  const build = await snapshotBuild();
  DBWARD = join(build, 'bin', 'dbward.js');
  const dir = await mkdtemp(join(tmpdir(), 'dbward-review-bench-'));
  try {
    await generateReviewCorpus(dir, fileCount);
    console.error(`corpus: ${fileCount} files over ${BENCH_SERVICES.length} services in ${dir}`);
    const base = await floors(dir);
    const samples = { squawk: [], squawkShim: [], cold: [], cold2: [], warm: [], warmAll: [] };
    const profiles = { cold: [], warm: [], warmAll: [] };
    let reference = null;
    const edited = await newestFile(dir, WARM_SERVICE);
    console.error(`warm runs edit ${edited.slice(dir.length + 1)}`);
    for (let round = 1; round <= rounds; round++) {
      samples.squawk.push((await squawk(dir, SQUAWK_NATIVE)).seconds);
      const shim = await squawk(dir, SQUAWK_SHIM);
      samples.squawkShim.push(shim.seconds);
      await removeCache(dir);
      const cold = await dbwardReview(dir, {
        cpuProfDir: round === 1 && values['cpu-prof'] ? values['cpu-prof'] : undefined,
      });
      samples.cold.push(cold.seconds);
      profiles.cold.push(cold.profile);
      reference ??= { squawk: shim, dbward: cold };
      await removeCache(dir);
      samples.cold2.push((await dbwardReview(dir)).seconds);
      // The cache now holds every file; the developer edits the newest migration of one service
      // (the same file every round, so the rounds measure the same thing).
      await appendFile(edited, `-- edit ${round}\n`);
      const warm = await dbwardReview(dir);
      if (warm.findings !== cold.findings) {
        throw new Error(
          `warm run found ${warm.findings} findings, cold ${cold.findings}: the cache changed results`,
        );
      }
      samples.warm.push(warm.seconds);
      profiles.warm.push(warm.profile);
      const warmAll = await dbwardReview(dir);
      samples.warmAll.push(warmAll.seconds);
      profiles.warmAll.push(warmAll.profile);
      console.error(
        `round ${round}: squawk ${samples.squawk.at(-1).toFixed(2)} s (shim ${shim.seconds.toFixed(2)}), dbward cold ${cold.seconds.toFixed(2)} / ${samples.cold2.at(-1).toFixed(2)} s, warm (1 changed) ${warm.seconds.toFixed(2)} s, warm (none changed) ${warmAll.seconds.toFixed(2)} s`,
      );
    }
    report({ base, samples, profiles, reference });
  } finally {
    await rm(build, { recursive: true, force: true });
    if (values.keep) console.error(`kept ${dir}`);
    else await rm(dir, { recursive: true, force: true });
  }
}

/** The profile of the run whose wall time is the median, so its phases add up to that time. */
function medianRun(seconds, profiles) {
  const order = seconds.map((s, i) => [s, i]).sort((a, b) => a[0] - b[0]);
  const [wall, index] = order[Math.floor((order.length - 1) / 2)];
  const phases = Object.fromEntries(
    Object.entries(profiles[index]?.milliseconds ?? {}).map(([phase, ms]) => [phase, ms / 1000]),
  );
  return { wall, phases };
}

function report({ base, samples, profiles, reference }) {
  const m = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
  const rows = [
    ['squawk (native binary, one invocation)', m.squawk, null],
    ['squawk via the npm shim (`npx squawk`)', m.squawkShim, null],
    ['dbward cold (no cache), run 1', m.cold, m.cold / m.squawk],
    ['dbward cold (no cache), run 2', m.cold2, m.cold2 / m.squawk],
    ['dbward warm (cache holds all, 1 file changed)', m.warm, m.warm / m.squawk],
    ['dbward warm (nothing changed)', m.warmAll, m.warmAll / m.squawk],
  ];
  const cold = medianRun(samples.cold, profiles.cold);
  const warm = medianRun(samples.warm, profiles.warm);
  const phasesCold = cold.phases;
  const phasesWarm = warm.phases;
  const insideCold = Object.values(phasesCold).reduce((a, b) => a + b, 0);
  const insideWarm = Object.values(phasesWarm).reduce((a, b) => a + b, 0);
  const phaseRows = [
    ['process start (node -e 0)', base.node, base.node],
    ['CLI modules loaded (`dbward --help` minus node)', base.cli - base.node, base.cli - base.node],
    ['(parser WASM load alone, counted in rest below)', base.parser - base.node, base.parser - base.node],
    ...Object.keys(phasesCold).map((p) => [`review phase: ${p}`, phasesCold[p], phasesWarm[p]]),
    [
      'rest: config, parser load, review modules, pack write, JSON output, exit',
      cold.wall - base.cli - insideCold,
      warm.wall - base.cli - insideWarm,
    ],
    ['total (the median run)', cold.wall, warm.wall],
  ];
  const machine = `${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.version}`;
  const goals = `cold <= 4x squawk: ${m.cold <= 4 * m.squawk ? 'met' : 'NOT met'} (${(m.cold / m.squawk).toFixed(1)}x); warm faster than squawk: ${m.warm < m.squawk ? 'met' : 'NOT met'} (${(m.warm / m.squawk).toFixed(1)}x)`;
  const findings = `findings: squawk ${reference.squawk.violations} violations in ${reference.squawk.files} files; dbward ${reference.dbward.findings} findings (${reference.dbward.errors} errors): ${Object.entries(
    reference.dbward.byRule,
  )
    .sort((a, b) => b[1] - a[1])
    .map(([rule, n]) => `${rule} ${n}`)
    .join(', ')}`;
  if (values.markdown) {
    console.log(`${fileCount} files, ${rounds} rounds, medians; ${machine}\n`);
    console.log('| run | seconds | x squawk |\n|---|---|---|');
    for (const [name, s, ratio] of rows)
      console.log(`| ${name} | ${s.toFixed(2)} | ${ratio === null ? '' : ratio.toFixed(1)} |`);
    console.log(`\n${goals}\n\n${findings}\n`);
    console.log('| where the time goes | cold (s) | warm, 1 changed (s) |\n|---|---|---|');
    for (const [name, cold, warm] of phaseRows)
      console.log(`| ${name} | ${cold.toFixed(2)} | ${warm.toFixed(2)} |`);
    return;
  }
  console.log(`\n${fileCount} files, ${rounds} rounds, medians (${machine})`);
  for (const [name, s, ratio] of rows) {
    console.log(
      `${name.padEnd(48)} ${s.toFixed(2).padStart(8)} s${ratio === null ? '' : `  ${ratio.toFixed(1)}x squawk`}`,
    );
  }
  console.log(`${goals}\n${findings}\n\nwhere the time goes${' '.repeat(30)}cold      warm`);
  for (const [name, cold, warm] of phaseRows) {
    console.log(`${name.padEnd(48)} ${cold.toFixed(2).padStart(8)}  ${warm.toFixed(2).padStart(8)}`);
  }
  console.log(`cache hits (warm): ${JSON.stringify(profiles.warm[0]?.counts ?? {})}`);
}

await main();
