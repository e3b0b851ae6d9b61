import { integerValue } from '../ast/string-values.js';
import type { Rule } from '../rule.js';

/** vacuum-full: rewrites the table under an ACCESS EXCLUSIVE lock for the whole run. */
export const vacuumFull: Rule = {
  id: 'vacuum-full',
  defaultSeverity: 'error',
  summary: 'VACUUM FULL (rewrites the table under an exclusive lock)',
  sections: ['up', 'down'],
  checkStatement(context) {
    const ast = context.statement.ast;
    if (!('VacuumStmt' in ast) || ast.VacuumStmt.is_vacuumcmd !== true) return [];
    const full = (ast.VacuumStmt.options ?? []).some((option) => {
      if (!('DefElem' in option) || option.DefElem.defname !== 'full') return false;
      const arg = option.DefElem.arg;
      // `VACUUM (FULL false)` turns it off.
      if (arg === undefined) return true;
      if ('Boolean' in arg) return arg.Boolean.boolval === true;
      if ('String' in arg) return !['false', 'off', '0'].includes((arg.String.sval ?? '').toLowerCase());
      return integerValue(arg) !== 0;
    });
    if (!full) return [];
    return [
      {
        message:
          'VACUUM FULL rewrites each table it touches under an ACCESS EXCLUSIVE lock: no reads or writes until it finishes',
        help: 'Plain VACUUM (autovacuum) reclaims space for reuse without blocking; to shrink a bloated table online use pg_repack or pg_squeeze, outside migrations.',
      },
    ];
  },
};
