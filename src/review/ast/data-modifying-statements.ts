import type { DeleteStmt, MergeStmt, Node, UpdateStmt } from 'libpg-query';
import { booleanOption } from '../../migrations/boolean-option.js';
import type { StatementContext } from '../rule.js';
import { perStatement } from './per-statement.js';

/** A DELETE, UPDATE or MERGE that runs when the statement runs, with the WITH query holding it. */
export type DataModifyingStatement = (
  | { kind: 'delete'; statement: DeleteStmt }
  | { kind: 'update'; statement: UpdateStmt }
  | { kind: 'merge'; statement: MergeStmt }
) & {
  /** Name of the WITH query (CTE) it is written in, or null at the top of the statement. */
  cte: string | null;
};

// Statements that hold DML which the migration does not run: rule actions, prepared statements
// and SQL-standard function bodies (BEGIN ATOMIC) run later, if ever.
const STORED_FOR_LATER = new Set(['RuleStmt', 'PrepareStmt', 'CreateFunctionStmt']);

type ParserObject = Record<string, unknown>;

function isObject(value: unknown): value is ParserObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** explainRuns says whether an EXPLAIN executes its statement: only with ANALYZE (not ANALYZE false). */
function explainRuns(explain: unknown): boolean {
  const options = isObject(explain) && Array.isArray(explain.options) ? (explain.options as Node[]) : [];
  // A value PostgreSQL would reject (null) counts as running: the review errs on the safe side.
  return options.some(
    (option) =>
      'DefElem' in option &&
      option.DefElem.defname === 'analyze' &&
      booleanOption(option.DefElem.arg) !== false,
  );
}

/**
 * dataModifyingStatements lists every DELETE, UPDATE and MERGE a statement runs: the statement
 * itself, and those written in its WITH queries (`WITH gone AS (DELETE ...) SELECT ...`, also on
 * INSERT, UPDATE, DELETE and MERGE), in CREATE TABLE ... AS, COPY (...) TO and EXPLAIN ANALYZE.
 * DML that only runs later (CREATE RULE, PREPARE, BEGIN ATOMIC function bodies) is left out.
 */
export const dataModifyingStatements = perStatement((context: StatementContext) =>
  findDataModifying(context.statement.ast),
);

function findDataModifying(root: Node): DataModifyingStatement[] {
  const found: DataModifyingStatement[] = [];
  const visit = (value: unknown, cte: string | null): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item, cte);
      return;
    }
    if (!isObject(value)) return;
    // Parser nodes are `{ Kind: {...} }`: the key names the kind of node its value is.
    for (const [key, child] of Object.entries(value)) {
      if (STORED_FOR_LATER.has(key)) continue;
      if (key === 'ExplainStmt' && !explainRuns(child)) continue;
      if (key === 'DeleteStmt') found.push({ kind: 'delete', statement: child as DeleteStmt, cte });
      else if (key === 'UpdateStmt') found.push({ kind: 'update', statement: child as UpdateStmt, cte });
      else if (key === 'MergeStmt') found.push({ kind: 'merge', statement: child as MergeStmt, cte });
      const name = key === 'CommonTableExpr' && isObject(child) ? child.ctename : undefined;
      visit(child, typeof name === 'string' ? name : cte);
    }
  };
  visit(root, null);
  return found;
}
