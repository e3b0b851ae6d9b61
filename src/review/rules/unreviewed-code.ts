import type { Node } from 'libpg-query';
import type { MigrationSection } from '../../migrations/migration-file-types.js';
import { functionCalls } from '../ast/function-calls.js';
import { statementOffset } from '../ast/statement-offset.js';
import { stringValues } from '../ast/string-values.js';
import type { Rule, StatementContext } from '../rule.js';

/** A function or procedure a statement of the section creates: `schema.name`, and where. */
interface CreatedRoutine {
  key: string;
  index: number;
  line: number;
}

// Statements that store expressions for later instead of running them now: a function body,
// a view's query, a rule, a prepared statement, a policy, the defaults and checks of a new table.
const STORED_FOR_LATER = new Set([
  'CreateFunctionStmt',
  'ViewStmt',
  'RuleStmt',
  'PrepareStmt',
  'CreatePolicyStmt',
  'AlterPolicyStmt',
  'CreateStmt',
  'CreateDomainStmt',
  'CreateTrigStmt',
]);

const NOT_REVIEWED =
  'its statements are not reviewed (a DROP, an unbounded DELETE or UPDATE, or a table rewrite in it would not be caught)';

const help =
  'Move the DDL and DML out of it into plain statements of the migration, where each is reviewed; where that is not possible, review the body by hand and acknowledge: -- dbward:allow unreviewed-code reason="...".';

// Built once per section: every rule call of the section reads the same list.
const routinesBySection = new WeakMap<MigrationSection, CreatedRoutine[]>();

/** routinesCreated lists the CREATE FUNCTION / CREATE PROCEDURE statements of the section. */
function routinesCreated(context: StatementContext): CreatedRoutine[] {
  const section = context.file[context.section];
  if (section === null) return [];
  let routines = routinesBySection.get(section);
  if (routines === undefined) {
    routines = [];
    section.statements.forEach((statement, index) => {
      const ast = statement.ast;
      if (!('CreateFunctionStmt' in ast)) return;
      const key = routineKey(context, stringValues(ast.CreateFunctionStmt.funcname));
      if (key !== null) routines?.push({ key, index, line: statement.line });
    });
    routinesBySection.set(section, routines);
  }
  return routines;
}

/** routineKey: `schema.name` as the service's search_path resolves it. */
function routineKey(context: StatementContext, names: string[]): string | null {
  const name = names.at(-1);
  if (name === undefined) return null;
  return `${context.resolveSchema(names.length > 1 ? names.at(-2) : undefined)}.${name}`;
}

interface Call {
  key: string;
  location: number | undefined;
}

/** callsRunNow: the function calls a statement runs when it runs (not those stored for later). */
function callsRunNow(context: StatementContext, root: Node): Call[] {
  const calls: Call[] = [];
  for (const call of functionCalls(root, STORED_FOR_LATER)) {
    const routine = routineKey(context, call.names);
    if (routine !== null) calls.push({ key: routine, location: call.location });
  }
  return calls;
}

/**
 * unreviewed-code: code the review cannot see into runs in the migration (a DO block, CALL,
 * EXECUTE of a prepared statement, a function created earlier in the same migration), so the
 * statements it runs get none of the other rules' checks.
 */
export const unreviewedCode: Rule = {
  id: 'unreviewed-code',
  defaultSeverity: 'warning',
  summary:
    'DO, CALL, EXECUTE, or a call of a function created in the migration (code the review cannot see into)',
  checkStatement(context) {
    const ast = context.statement.ast;
    if ('DoStmt' in ast) {
      return [{ message: `DO block runs code the review cannot see into: ${NOT_REVIEWED}`, help }];
    }
    if ('CallStmt' in ast) {
      const call = ast.CallStmt.funccall;
      const name = stringValues(call?.funcname).join('.');
      return [
        {
          message: `CALL ${name} runs a procedure the review cannot see into: ${NOT_REVIEWED}`,
          help,
          offset: statementOffset(context, call?.location),
        },
      ];
    }
    if ('ExecuteStmt' in ast) {
      const name = ast.ExecuteStmt.name ?? '';
      return [
        {
          message: `EXECUTE ${name} runs a prepared statement the review does not follow: what it runs is not reviewed (an unbounded DELETE or UPDATE in it would not be caught)`,
          help,
        },
      ];
    }
    if ('CreateFunctionStmt' in ast) return [];
    const created = routinesCreated(context).filter((routine) => routine.index < context.index);
    if (created.length === 0) return [];
    const calls = callsRunNow(context, ast).filter((call) => created.some((r) => r.key === call.key));
    const first = calls[0];
    if (first === undefined) return [];
    const names = [...new Set(calls.map((call) => call.key))];
    const lines = names.map((key) => {
      // The latest definition before this statement is the one that runs.
      const routine = created.filter((r) => r.key === key).at(-1);
      return `${key} (created at line ${routine?.line ?? '?'})`;
    });
    const what =
      names.length === 1
        ? `a function created earlier in this migration: its body runs here, but ${NOT_REVIEWED}`
        : `functions created earlier in this migration: their bodies run here, but ${NOT_REVIEWED.replace('its statements', 'their statements').replace('in it', 'in them')}`;
    return [
      {
        message: `calls ${lines.join(', ')}, ${what}`,
        help,
        offset: statementOffset(context, first.location),
        target: names.join(', '),
      },
    ];
  },
};
