import type { Command } from 'commander';
import type { CommandRegistrar } from '../command-registrar.js';
import { configOptionsOf } from '../global-options.js';

export const registerDoctorCommand: CommandRegistrar = (program: Command, run) => {
  program
    .command('doctor')
    .description('report the config found, the services, and whether the database answers')
    .action(
      run(async (context) => {
        // Loaded when the command runs, not when the CLI starts (every command is registered at start).
        const { runDoctor } = await import('../../check/doctor.js');
        const report = await runDoctor(configOptionsOf(context.options, context.io.env));
        const healthy = report.configError === null && report.connected;
        if (context.options.format === 'json') {
          context.printJson(report);
          return healthy ? 0 : 2;
        }
        const { paint } = context;
        const ok = paint.green('ok');
        const bad = paint.red('problem');
        if (report.configError) {
          context.print(`config    ${bad}  ${report.configError}`);
          return 2;
        }
        context.print(`config    ${ok}  ${report.configFile}`);
        context.print(
          `services  ${report.services.map((s) => (s.name === s.schema ? s.name : `${s.name} (schema ${s.schema})`)).join(', ')}`,
        );
        context.print(`database  ${report.database}`);
        if (report.connected) {
          context.print(`connect   ${ok}  PostgreSQL ${report.serverVersion}`);
          const missing = report.services
            .filter((s) => !report.existingSchemas.includes(s.schema))
            .map((s) => s.schema);
          context.print(
            `schemas   ${missing.length === 0 ? 'all present' : `not yet created: ${missing.join(', ')} (run \`dbward up\`)`}`,
          );
        } else {
          context.print(`connect   ${bad}  ${report.connectError}`);
        }
        return healthy ? 0 : 2;
      }),
    );
};
