// `npm run example`: review and apply the kronos example estate on the embedded database (no server
// needed) and print its status. It uses the compiled CLI, as a user would.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'dbward.js');
const example = join(root, 'examples', 'kronos');

if (!existsSync(join(root, 'dist', 'cli', 'main.js'))) {
  run('npx', ['tsc', '-p', 'tsconfig.json'], root);
}

// The example always runs on its embedded database, whatever DATABASE_URL the shell has.
const env = { ...process.env };
delete env.DATABASE_URL;

for (const args of [['doctor'], ['review'], ['up'], ['status']]) {
  console.log(`\n$ dbward ${args.join(' ')}   (in examples/kronos)`);
  run(process.execPath, [bin, '--cwd', example, ...args], root);
}

function run(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, env, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
