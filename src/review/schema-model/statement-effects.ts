import type { AlterTableCmd, Node, RangeVar } from 'libpg-query';
import { stringValues } from '../ast/string-values.js';
import { columnDefinitionSpec, constraintSpec, UnmodelledDefinition } from './definition-specs.js';
import { expressionText, indexExpressionName } from './expression-text.js';
import type {
  EffectPosition,
  IndexColumnSpec,
  QualifiedObject,
  SchemaEffect,
  TableCommand,
} from './schema-effect.js';
import { calledFunctionsMayChangeSchemas } from './side-effect-free-calls.js';

/**
 * What a migration's statements see while they run: the search_path's schema (where unqualified
 * names resolve) and the temporary tables created so far (which unqualified names find first).
 */
export interface StatementScope {
  schema: string;
  /** Unqualified names of temporary tables created earlier in the migration. */
  temporary: Set<string>;
}

/** Thrown for a statement the model does not follow; `schemas` are those it may change. */
class Unmodelled extends Error {
  constructor(
    message: string,
    readonly schemas: string[] | 'all',
  ) {
    super(message);
  }
}

/**
 * statementEffects translates one statement's parse tree into schema effects. Statements that
 * cannot change a table give none; those the model does not follow give one 'unknown' effect
 * for the schemas they may change. `scope` is updated by SET search_path and CREATE TEMP TABLE.
 */
export function statementEffects(ast: Node, scope: StatementScope, at: EffectPosition): SchemaEffect[] {
  try {
    return translate(ast, scope, at);
  } catch (error) {
    if (error instanceof Unmodelled)
      return [{ kind: 'unknown', schemas: error.schemas, reason: error.message, at }];
    if (error instanceof UnmodelledDefinition) {
      const schemas = targetSchemas(ast, scope);
      return [{ kind: 'unknown', schemas, reason: error.message, at }];
    }
    throw error;
  }
}

/** The schemas a CREATE/ALTER TABLE acts on, for an unknown effect about a definition inside it. */
function targetSchemas(ast: Node, scope: StatementScope): string[] | 'all' {
  if ('CreateStmt' in ast) return [resolve(ast.CreateStmt.relation, scope)];
  if ('AlterTableStmt' in ast) return [resolve(ast.AlterTableStmt.relation, scope)];
  return 'all';
}

function resolve(relation: RangeVar | undefined, scope: StatementScope): string {
  return relation?.schemaname || scope.schema;
}

/** isTemporary: a name that resolves to a temporary table (created TEMP, or found in pg_temp first). */
function isTemporary(relation: RangeVar | undefined, scope: StatementScope): boolean {
  if (relation === undefined) return false;
  if (relation.relpersistence === 't' || relation.schemaname === 'pg_temp') return true;
  return !relation.schemaname && scope.temporary.has(relation.relname ?? '');
}

function qualifiedObject(names: string[], scope: StatementScope): QualifiedObject {
  const name = names.at(-1) ?? '';
  return { schema: names.length > 1 ? (names.at(-2) ?? scope.schema) : scope.schema, name };
}

function behaviourCascade(behavior: string | undefined): boolean {
  return behavior === 'DROP_CASCADE';
}

function translate(ast: Node, scope: StatementScope, at: EffectPosition): SchemaEffect[] {
  if ('CreateSchemaStmt' in ast) {
    const statement = ast.CreateSchemaStmt;
    const schema = statement.schemaname ?? statement.authrole?.rolename;
    if (schema === undefined) throw new Unmodelled('CREATE SCHEMA AUTHORIZATION of a special role', 'all');
    const effects: SchemaEffect[] = [
      { kind: 'create-schema', schema, ifNotExists: statement.if_not_exists === true, at },
    ];
    const inner: StatementScope = { schema, temporary: scope.temporary };
    for (const element of statement.schemaElts ?? []) effects.push(...statementEffects(element, inner, at));
    return effects;
  }
  if ('CreateStmt' in ast) return createTableEffects(ast.CreateStmt, scope, at);
  if ('AlterTableStmt' in ast) return alterTableEffects(ast.AlterTableStmt, scope, at);
  if ('IndexStmt' in ast) {
    const statement = ast.IndexStmt;
    if (isTemporary(statement.relation, scope)) return [];
    const columns: IndexColumnSpec[] = [];
    for (const node of statement.indexParams ?? []) {
      if (!('IndexElem' in node)) continue;
      const element = node.IndexElem;
      if (element.name !== undefined) columns.push({ column: element.name });
      else
        columns.push({
          expression: expressionText(element.expr),
          nameHint: element.indexcolname ?? indexExpressionName(element.expr),
        });
    }
    return [
      {
        kind: 'create-index',
        schema: resolve(statement.relation, scope),
        table: statement.relation?.relname ?? '',
        name: statement.idxname ?? null,
        ifNotExists: statement.if_not_exists === true,
        unique: statement.unique === true,
        columns,
        include: (statement.indexIncludingParams ?? []).flatMap((node) =>
          'IndexElem' in node && node.IndexElem.name !== undefined ? [node.IndexElem.name] : [],
        ),
        method: statement.accessMethod ?? 'btree',
        predicate: statement.whereClause === undefined ? null : expressionText(statement.whereClause),
        at,
      },
    ];
  }
  if ('DropStmt' in ast) return dropEffects(ast.DropStmt, scope, at);
  if ('RenameStmt' in ast) return renameEffects(ast.RenameStmt, scope, at);
  if ('AlterObjectSchemaStmt' in ast) {
    const statement = ast.AlterObjectSchemaStmt;
    const target = statement.newschema ?? '';
    switch (statement.objectType) {
      case 'OBJECT_TABLE':
        return [
          {
            kind: 'alter-table',
            schema: resolve(statement.relation, scope),
            table: statement.relation?.relname ?? '',
            ifExists: statement.missing_ok === true,
            commands: [{ kind: 'set-schema', schema: target }],
            at,
          },
        ];
      case 'OBJECT_VIEW':
      case 'OBJECT_MATVIEW':
      case 'OBJECT_SEQUENCE':
        throw new Unmodelled('SET SCHEMA of a view or sequence', [
          resolve(statement.relation, scope),
          target,
        ]);
      case 'OBJECT_TYPE':
      case 'OBJECT_DOMAIN':
      case 'OBJECT_EXTENSION':
        throw new Unmodelled('SET SCHEMA of a type', 'all');
      default:
        return [];
    }
  }
  if ('CreateEnumStmt' in ast) {
    const object = qualifiedObject(stringValues(ast.CreateEnumStmt.typeName), scope);
    return [{ kind: 'create-enum', ...object, values: stringValues(ast.CreateEnumStmt.vals), at }];
  }
  if ('CreateSeqStmt' in ast) {
    const sequence = ast.CreateSeqStmt.sequence;
    if (isTemporary(sequence, scope)) return [];
    return [
      {
        kind: 'create-sequence',
        schema: resolve(sequence, scope),
        name: sequence?.relname ?? '',
        ifNotExists: ast.CreateSeqStmt.if_not_exists === true,
        at,
      },
    ];
  }
  if ('ViewStmt' in ast) {
    const view = ast.ViewStmt.view;
    if (isTemporary(view, scope)) return [];
    return [
      {
        kind: 'create-view',
        schema: resolve(view, scope),
        name: view?.relname ?? '',
        materialized: false,
        orReplace: ast.ViewStmt.replace === true,
        ifNotExists: false,
        at,
      },
    ];
  }
  if ('CreateTableAsStmt' in ast) {
    const into = ast.CreateTableAsStmt.into?.rel;
    if (isTemporary(into, scope)) return [];
    if (ast.CreateTableAsStmt.objtype === 'OBJECT_MATVIEW')
      return [
        {
          kind: 'create-view',
          schema: resolve(into, scope),
          name: into?.relname ?? '',
          materialized: true,
          orReplace: false,
          ifNotExists: ast.CreateTableAsStmt.if_not_exists === true,
          at,
        },
      ];
    throw new Unmodelled('CREATE TABLE AS', [resolve(into, scope)]);
  }
  if ('SelectStmt' in ast) {
    const into = ast.SelectStmt.intoClause?.rel;
    if (into !== undefined) {
      if (isTemporary(into, scope)) return [];
      throw new Unmodelled('SELECT INTO', [resolve(into, scope)]);
    }
    if (calledFunctionsMayChangeSchemas(ast))
      throw new Unmodelled('SELECT calling a function that may run DDL', 'all');
    return [];
  }
  if ('ExplainStmt' in ast) {
    if (calledFunctionsMayChangeSchemas(ast))
      throw new Unmodelled('EXPLAIN of a query calling a function that may run DDL', 'all');
    return [];
  }
  if ('CommentStmt' in ast)
    return commentEffects(
      ast.CommentStmt.objtype,
      ast.CommentStmt.object,
      ast.CommentStmt.comment ?? null,
      scope,
      at,
    );
  if ('VariableSetStmt' in ast) {
    const statement = ast.VariableSetStmt;
    if (statement.name?.toLowerCase() !== 'search_path') return [];
    const values = (statement.args ?? []).map((arg) =>
      'A_Const' in arg
        ? (arg.A_Const.sval?.sval ?? null)
        : 'String' in arg
          ? (arg.String.sval ?? null)
          : null,
    );
    const [first] = values;
    if (
      statement.kind === 'VAR_SET_VALUE' &&
      values.length === 1 &&
      first !== null &&
      first !== undefined &&
      !first.includes(',')
    ) {
      scope.schema = first;
      return [];
    }
    scope.schema = '';
    throw new Unmodelled('search_path changed to something the model does not follow', 'all');
  }
  if ('CreateTrigStmt' in ast || 'CreateFunctionStmt' in ast) return [];
  if (
    'DoStmt' in ast ||
    'CallStmt' in ast ||
    'ExecuteStmt' in ast ||
    'CreateEventTrigStmt' in ast ||
    'DropOwnedStmt' in ast ||
    'LoadStmt' in ast
  )
    throw new Unmodelled(`${Object.keys(ast)[0]?.replace(/Stmt$/, '')} statement`, 'all');
  if (NO_SCHEMA_EFFECT.has(Object.keys(ast)[0] ?? '')) return [];
  throw new Unmodelled(`${Object.keys(ast)[0] ?? 'unknown'} statement`, 'all');
}

/** Statements that cannot change a table, an index or a type of the model. */
const NO_SCHEMA_EFFECT = new Set([
  'InsertStmt',
  'UpdateStmt',
  'DeleteStmt',
  'MergeStmt',
  'TruncateStmt',
  'CopyStmt',
  'GrantStmt',
  'GrantRoleStmt',
  'AlterDefaultPrivilegesStmt',
  'CreateRoleStmt',
  'AlterRoleStmt',
  'AlterRoleSetStmt',
  'DropRoleStmt',
  'ReassignOwnedStmt',
  'AlterOwnerStmt',
  'CreatePolicyStmt',
  'AlterPolicyStmt',
  'VacuumStmt',
  'ClusterStmt',
  'ReindexStmt',
  'RefreshMatViewStmt',
  'LockStmt',
  'TransactionStmt',
  'NotifyStmt',
  'ListenStmt',
  'UnlistenStmt',
  'PrepareStmt',
  'DeallocateStmt',
  'DiscardStmt',
  'CheckPointStmt',
  'VariableShowStmt',
  'ConstraintsSetStmt',
  'CreateExtensionStmt',
  'AlterExtensionStmt',
  'AlterExtensionContentsStmt',
  'CreateDomainStmt',
  'AlterDomainStmt',
  'CompositeTypeStmt',
  'CreateRangeStmt',
  'AlterEnumStmt',
  'AlterFunctionStmt',
  'AlterSeqStmt',
  'CreateStatsStmt',
  'AlterStatsStmt',
  'CreateCastStmt',
  'CreateOpClassStmt',
  'CreateOpFamilyStmt',
  'AlterOpFamilyStmt',
  'DefineStmt',
  'CreateConversionStmt',
  'CreateTransformStmt',
  'CreatePLangStmt',
  'CreateAmStmt',
  'RuleStmt',
  'CreatePublicationStmt',
  'AlterPublicationStmt',
  'CreateSubscriptionStmt',
  'AlterSubscriptionStmt',
  'DropSubscriptionStmt',
  'SecLabelStmt',
  'AlterObjectDependsStmt',
  'AlterCollationStmt',
  'AlterTSConfigurationStmt',
  'AlterTSDictionaryStmt',
  'AlterOperatorStmt',
  'AlterTypeStmt',
  'CreateFdwStmt',
  'AlterFdwStmt',
  'CreateForeignServerStmt',
  'AlterForeignServerStmt',
  'CreateUserMappingStmt',
  'AlterUserMappingStmt',
  'DropUserMappingStmt',
  'CreateForeignTableStmt',
  'ImportForeignSchemaStmt',
  'CreatedbStmt',
  'AlterDatabaseStmt',
  'AlterDatabaseSetStmt',
  'AlterDatabaseRefreshCollStmt',
  'DropdbStmt',
  'AlterSystemStmt',
  'CreateTableSpaceStmt',
  'DropTableSpaceStmt',
  'AlterTableSpaceOptionsStmt',
  'AlterTableMoveAllStmt',
  'DeclareCursorStmt',
  'FetchStmt',
  'ClosePortalStmt',
]);

function createTableEffects(
  statement: Extract<Node, { CreateStmt: unknown }>['CreateStmt'],
  scope: StatementScope,
  at: EffectPosition,
): SchemaEffect[] {
  const relation = statement.relation;
  if (isTemporary(relation, scope)) {
    scope.temporary.add(relation?.relname ?? '');
    return [];
  }
  const schema = resolve(relation, scope);
  const elements = statement.tableElts ?? [];
  if (
    statement.inhRelations !== undefined ||
    statement.partbound !== undefined ||
    statement.ofTypename !== undefined ||
    elements.some((element) => 'TableLikeClause' in element)
  )
    throw new Unmodelled('CREATE TABLE with LIKE, INHERITS, PARTITION OF or OF', [schema]);
  const columns = [];
  const constraints = [];
  for (const element of elements) {
    if ('ColumnDef' in element) {
      const definition = columnDefinitionSpec(element.ColumnDef, { schema: scope.schema });
      columns.push(definition.column);
      constraints.push(...definition.constraints);
    } else if ('Constraint' in element) {
      const spec = constraintSpec(element.Constraint, { schema: scope.schema }, null);
      if (spec !== null) constraints.push(spec);
    }
  }
  return [
    {
      kind: 'create-table',
      schema,
      table: relation?.relname ?? '',
      ifNotExists: statement.if_not_exists === true,
      partitioned: statement.partspec !== undefined,
      columns,
      constraints,
      at,
    },
  ];
}

/** ALTER TABLE subcommands that change nothing the model holds (storage, triggers, owner, RLS...). */
const NEUTRAL_SUBCOMMANDS = new Set([
  'AT_SetStatistics',
  'AT_SetOptions',
  'AT_ResetOptions',
  'AT_SetStorage',
  'AT_SetCompression',
  'AT_ClusterOn',
  'AT_DropCluster',
  'AT_SetLogged',
  'AT_SetUnLogged',
  'AT_SetRelOptions',
  'AT_ResetRelOptions',
  'AT_ReplaceRelOptions',
  'AT_EnableTrig',
  'AT_EnableAlwaysTrig',
  'AT_EnableReplicaTrig',
  'AT_DisableTrig',
  'AT_EnableTrigAll',
  'AT_DisableTrigAll',
  'AT_EnableTrigUser',
  'AT_DisableTrigUser',
  'AT_EnableRule',
  'AT_EnableAlwaysRule',
  'AT_EnableReplicaRule',
  'AT_DisableRule',
  'AT_ChangeOwner',
  'AT_ReplicaIdentity',
  'AT_EnableRowSecurity',
  'AT_DisableRowSecurity',
  'AT_ForceRowSecurity',
  'AT_NoForceRowSecurity',
  'AT_GenericOptions',
  'AT_AlterColumnGenericOptions',
  'AT_SetTableSpace',
  'AT_SetAccessMethod',
  'AT_SetIdentity',
  'AT_SetExpression',
  'AT_DropExpression',
]);

function alterTableEffects(
  statement: Extract<Node, { AlterTableStmt: unknown }>['AlterTableStmt'],
  scope: StatementScope,
  at: EffectPosition,
): SchemaEffect[] {
  const relation = statement.relation;
  if (statement.objtype !== 'OBJECT_TABLE' || isTemporary(relation, scope)) return [];
  const schema = resolve(relation, scope);
  const commands: TableCommand[] = [];
  for (const node of statement.cmds ?? []) {
    if (!('AlterTableCmd' in node)) continue;
    const command = tableCommand(node.AlterTableCmd, scope);
    if (command === 'unknown')
      throw new Unmodelled(`ALTER TABLE ${node.AlterTableCmd.subtype ?? ''}`, [schema]);
    if (command !== null) commands.push(command);
  }
  if (commands.length === 0) return [];
  return [
    {
      kind: 'alter-table',
      schema,
      table: relation?.relname ?? '',
      ifExists: statement.missing_ok === true,
      commands,
      at,
    },
  ];
}

function tableCommand(command: AlterTableCmd, scope: StatementScope): TableCommand | null | 'unknown' {
  const column = command.name ?? '';
  const cascade = behaviourCascade(command.behavior);
  const def = command.def;
  switch (command.subtype) {
    case 'AT_AddColumn': {
      if (def === undefined || !('ColumnDef' in def)) return 'unknown';
      const definition = columnDefinitionSpec(def.ColumnDef, { schema: scope.schema });
      return { kind: 'add-column', ...definition, ifNotExists: command.missing_ok === true };
    }
    case 'AT_DropColumn':
      return { kind: 'drop-column', column, ifExists: command.missing_ok === true, cascade };
    case 'AT_AlterColumnType': {
      if (def === undefined || !('ColumnDef' in def)) return 'unknown';
      const definition = columnDefinitionSpec(def.ColumnDef, { schema: scope.schema });
      return { kind: 'alter-column-type', column, type: definition.column.type };
    }
    case 'AT_SetNotNull':
      return { kind: 'set-not-null', column };
    case 'AT_DropNotNull':
      return { kind: 'drop-not-null', column };
    case 'AT_ColumnDefault':
      return { kind: 'set-default', column, default: def === undefined ? null : expressionText(def) };
    case 'AT_AddIdentity': {
      const identity = def !== undefined && 'Constraint' in def ? def.Constraint.generated_when : undefined;
      return { kind: 'add-identity', column, identity: identity === 'a' ? 'always' : 'by default' };
    }
    case 'AT_DropIdentity':
      return { kind: 'drop-identity', column, ifExists: command.missing_ok === true };
    case 'AT_AddConstraint': {
      if (def === undefined || !('Constraint' in def)) return 'unknown';
      const constraint = constraintSpec(def.Constraint, { schema: scope.schema }, null);
      return constraint === null ? null : { kind: 'add-constraint', constraint };
    }
    case 'AT_DropConstraint':
      return { kind: 'drop-constraint', name: column, ifExists: command.missing_ok === true, cascade };
    case 'AT_ValidateConstraint':
      return { kind: 'validate-constraint', name: column };
    case 'AT_AlterConstraint': {
      // DEFERRABLE and INHERIT changes are invisible to the model; enforceability changes validity.
      const alter = def !== undefined && 'ATAlterConstraint' in def ? def.ATAlterConstraint : undefined;
      return alter?.alterEnforceability === true ? 'unknown' : null;
    }
    default:
      return NEUTRAL_SUBCOMMANDS.has(command.subtype ?? '') ? null : 'unknown';
  }
}

function dropEffects(
  statement: Extract<Node, { DropStmt: unknown }>['DropStmt'],
  scope: StatementScope,
  at: EffectPosition,
): SchemaEffect[] {
  const ifExists = statement.missing_ok === true;
  const cascade = behaviourCascade(statement.behavior);
  const objects = (statement.objects ?? []).map((node) =>
    'List' in node
      ? stringValues(node.List.items)
      : 'String' in node
        ? [node.String.sval ?? '']
        : 'TypeName' in node
          ? stringValues(node.TypeName.names)
          : [],
  );
  const qualified = (names: string[]) => qualifiedObject(names, scope);
  const persistent = (names: string[]) => !(names.length === 1 && scope.temporary.has(names[0] ?? ''));
  switch (statement.removeType) {
    case 'OBJECT_SCHEMA':
      return [
        { kind: 'drop-schemas', schemas: objects.map((names) => names[0] ?? ''), ifExists, cascade, at },
      ];
    case 'OBJECT_TABLE': {
      const tables = objects.filter(persistent).map(qualified);
      // Once the temporary table is dropped, its name finds the service's table again.
      for (const names of objects) if (!persistent(names)) scope.temporary.delete(names[0] ?? '');
      return tables.length === 0 ? [] : [{ kind: 'drop-tables', tables, ifExists, cascade, at }];
    }
    case 'OBJECT_INDEX':
      return [{ kind: 'drop-indexes', indexes: objects.map(qualified), ifExists, cascade, at }];
    case 'OBJECT_VIEW':
    case 'OBJECT_MATVIEW':
    case 'OBJECT_SEQUENCE': {
      const relation =
        statement.removeType === 'OBJECT_VIEW'
          ? 'view'
          : statement.removeType === 'OBJECT_MATVIEW'
            ? 'materialized-view'
            : 'sequence';
      const effects: SchemaEffect[] = [
        {
          kind: 'drop-relations',
          relation,
          objects: objects.filter(persistent).map(qualified),
          ifExists,
          at,
        },
      ];
      // CASCADE on a sequence drops column defaults only; on a view, other views.
      return effects;
    }
    case 'OBJECT_TYPE':
    case 'OBJECT_DOMAIN':
      if (cascade) throw new Unmodelled('DROP TYPE ... CASCADE (drops the columns of that type)', 'all');
      return [{ kind: 'drop-types', types: objects.map(qualified), ifExists, at }];
    default:
      // Functions, extensions, operators...: with CASCADE they may take columns, defaults,
      // checks or indexes that use them anywhere.
      if (cascade)
        throw new Unmodelled(
          `DROP ${statement.removeType?.replace(/^OBJECT_/, '') ?? ''} ... CASCADE`,
          'all',
        );
      return [];
  }
}

function renameEffects(
  statement: Extract<Node, { RenameStmt: unknown }>['RenameStmt'],
  scope: StatementScope,
  at: EffectPosition,
): SchemaEffect[] {
  const relation = statement.relation;
  const to = statement.newname ?? '';
  const ifExists = statement.missing_ok === true;
  const alter = (command: TableCommand): SchemaEffect[] =>
    isTemporary(relation, scope)
      ? []
      : [
          {
            kind: 'alter-table',
            schema: resolve(relation, scope),
            table: relation?.relname ?? '',
            ifExists,
            commands: [command],
            at,
          },
        ];
  switch (statement.renameType) {
    case 'OBJECT_TABLE':
    case 'OBJECT_VIEW':
    case 'OBJECT_MATVIEW':
    case 'OBJECT_SEQUENCE':
      return alter({ kind: 'rename', to });
    case 'OBJECT_COLUMN':
      return statement.relationType === 'OBJECT_TABLE'
        ? alter({ kind: 'rename-column', from: statement.subname ?? '', to })
        : [];
    case 'OBJECT_TABCONSTRAINT':
      return alter({ kind: 'rename-constraint', from: statement.subname ?? '', to });
    case 'OBJECT_INDEX':
      return [
        {
          kind: 'rename-index',
          schema: resolve(relation, scope),
          from: relation?.relname ?? '',
          to,
          ifExists,
          at,
        },
      ];
    case 'OBJECT_TYPE':
    case 'OBJECT_DOMAIN': {
      const names =
        statement.object !== undefined && 'List' in statement.object
          ? stringValues(statement.object.List.items)
          : [];
      return [{ kind: 'rename-type', ...qualifiedFrom(names, scope), to, at }];
    }
    case 'OBJECT_SCHEMA':
      throw new Unmodelled('ALTER SCHEMA ... RENAME', 'all');
    default:
      return [];
  }
}

function qualifiedFrom(names: string[], scope: StatementScope): { schema: string; from: string } {
  const object = qualifiedObject(names, scope);
  return { schema: object.schema, from: object.name };
}

function commentEffects(
  objtype: string | undefined,
  object: Node | undefined,
  comment: string | null,
  scope: StatementScope,
  at: EffectPosition,
): SchemaEffect[] {
  const names = object !== undefined && 'List' in object ? stringValues(object.List.items) : [];
  if (objtype === 'OBJECT_TABLE') {
    const table = qualifiedObject(names, scope);
    return [
      {
        kind: 'alter-table',
        schema: table.schema,
        table: table.name,
        ifExists: false,
        commands: [{ kind: 'comment', column: null, comment }],
        at,
      },
    ];
  }
  if (objtype === 'OBJECT_COLUMN' && names.length >= 2) {
    const table = qualifiedObject(names.slice(0, -1), scope);
    return [
      {
        kind: 'alter-table',
        schema: table.schema,
        table: table.name,
        ifExists: false,
        commands: [{ kind: 'comment', column: names.at(-1) ?? '', comment }],
        at,
      },
    ];
  }
  return [];
}
