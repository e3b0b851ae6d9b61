import { runCli } from './main.js';

// Source entry for tests and development (`node --import tsx src/cli/bin.ts`); bin/dbward.js
// runs the compiled twin.
process.exitCode = await runCli(process.argv);
