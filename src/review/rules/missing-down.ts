import type { Rule } from '../rule.js';

// A TypeScript migration's down is an exported `down` function.
const TS_DOWN = /export\s+(?:async\s+)?function\s+down\b|export\s+(?:const|let)\s+down\b/;

/** missing-down: without a down section `dbward down` cannot roll the migration back. */
export const missingDown: Rule = {
  id: 'missing-down',
  defaultSeverity: 'warning',
  summary: 'a migration with no down section, or an empty one (it cannot be rolled back)',
  checkFile(context) {
    const file = context.file;
    if (file.format === 'ts') {
      if (TS_DOWN.test(file.text)) return [];
      return [
        {
          message: `${file.path} exports no down function, so it cannot be rolled back`,
          help: 'Export `async function down(db)` that undoes what `up` does.',
        },
      ];
    }
    if (file.up === null) return [];
    if (file.down === null) {
      return [
        {
          message: `${file.path} has no "-- migrate:down" section, so it cannot be rolled back`,
          help: 'Add a "-- migrate:down" section with the statements that undo the up section, and try it on a development database before it is needed (`dbward up`, then `dbward down`, then `dbward up`).',
        },
      ];
    }
    // A down section with syntax errors has no statements either, but syntax-error reports that.
    const broken = file.problems.some(
      (problem) => problem.code === 'syntax-error' && problem.line > (file.down?.line ?? 0),
    );
    if (file.down.statements.length > 0 || broken) return [];
    const markerOffset = file.down.offset - 1;
    return [
      {
        message: `${file.path} has an empty down section, so it cannot be rolled back`,
        help: 'Write the statements that undo the up section; if the change truly cannot be undone, say so with `-- dbward:allow missing-down reason="..."` before `-- migrate:up`.',
        offset: Math.max(0, file.text.lastIndexOf('\n', markerOffset - 1) + 1),
      },
    ];
  },
};
