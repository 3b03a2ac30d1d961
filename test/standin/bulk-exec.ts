// A lean executor for bulk operations. graphql-js `execute` re-coerces arguments and re-checks
// types for every one of the half million objects a demo-shop export resolves, which made the
// export several times slower than the resolvers themselves. A bulk query is already validated and
// has no variables, so its arguments are fixed per field node and the plan per selection set can
// be computed once. The resolvers are the same ones graphql-js calls for ordinary requests.

import {
  getArgumentValues,
  getNamedType,
  GraphQLError,
  isAbstractType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  valueFromASTUntyped,
  type DirectiveNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import { fieldResolver, typeResolver, type ExecContext } from "./resolvers";

interface PlannedField {
  key: string;
  name: string;
  def: GraphQLField<unknown, unknown> | null; // null: __typename
  args: Record<string, unknown>;
  nodes: FieldNode[];
}

type Path = GraphQLResolveInfo["path"];
type Completer = (value: unknown, f: PlannedField, path: Path, ctx: ExecContext) => unknown;

function skipped(directives: readonly DirectiveNode[] | undefined): boolean {
  for (const d of directives ?? []) {
    const arg = d.arguments?.find((a) => a.name.value === "if");
    if (!arg) continue;
    const v = valueFromASTUntyped(arg.value);
    if ((d.name.value === "skip" && v === true) || (d.name.value === "include" && v === false)) return true;
  }
  return false;
}

export class BulkExecutor {
  private plans = new Map<readonly unknown[], Map<string, PlannedField[]>>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly fragments: Record<string, FragmentDefinitionNode>,
  ) {}

  /** Fields of `sets` that apply to `type`, merged by response key as graphql-js does. */
  private plan(sets: readonly SelectionSetNode[], type: GraphQLObjectType): PlannedField[] {
    let byType = this.plans.get(sets);
    if (!byType) {
      byType = new Map();
      this.plans.set(sets, byType);
    }
    const hit = byType.get(type.name);
    if (hit) return hit;
    const fields = new Map<string, PlannedField>();
    const visit = (set: SelectionSetNode) => {
      for (const s of set.selections) {
        if (skipped(s.directives)) continue;
        if (s.kind === Kind.FIELD) {
          const key = s.alias?.value ?? s.name.value;
          const existing = fields.get(key);
          if (existing) existing.nodes.push(s);
          else {
            const def = s.name.value === "__typename" ? null : type.getFields()[s.name.value];
            if (def === undefined) throw new Error(`stand-in: ${type.name}.${s.name.value} in a validated bulk query`);
            fields.set(key, { key, name: s.name.value, def, args: def ? getArgumentValues(def, s) : {}, nodes: [s] });
          }
        } else {
          const frag = s.kind === Kind.INLINE_FRAGMENT ? s : this.fragments[s.name.value];
          const cond = frag.typeCondition ? this.schema.getType(frag.typeCondition.name.value) : type;
          if (!cond || !(cond === type || (isAbstractType(cond) && this.schema.isSubType(cond, type)))) continue;
          visit(frag.selectionSet);
        }
      }
    };
    for (const set of sets) visit(set);
    const planned = [...fields.values()];
    byType.set(type.name, planned);
    return planned;
  }

  private rootSets: readonly SelectionSetNode[] | null = null;

  execute(op: OperationDefinitionNode, ctx: ExecContext): Record<string, unknown> {
    this.rootSets ??= [op.selectionSet];
    return this.object(undefined, this.schema.getQueryType()!, this.rootSets, undefined, ctx);
  }

  private object(source: unknown, type: GraphQLObjectType, sets: readonly SelectionSetNode[], path: Path | undefined, ctx: ExecContext): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const f of this.plan(sets, type)) {
      if (f.def === null) {
        out[f.key] = type.name;
        continue;
      }
      const fieldPath: Path = { prev: path, key: f.key, typename: type.name };
      // Only what the stand-in's resolvers read; the rest of GraphQLResolveInfo is never used in bulk.
      const info = { fieldName: f.name, parentType: type, path: fieldPath, returnType: f.def.type, fieldNodes: f.nodes } as unknown as GraphQLResolveInfo;
      const value = fieldResolver(source, f.args, ctx, info);
      out[f.key] = this.complete(f.def.type, value, f, fieldPath, ctx);
    }
    return out;
  }

  private complete(type: GraphQLOutputType, value: unknown, f: PlannedField, path: Path, ctx: ExecContext): unknown {
    return this.shape(type)(value, f, path, ctx);
  }

  // Each return type compiled once into a function: graphql-js's type predicates are slow in
  // development builds and would run for every value.
  private shapes = new Map<GraphQLOutputType, Completer>();

  private shape(type: GraphQLOutputType): Completer {
    let c = this.shapes.get(type);
    if (c) return c;
    if (isNonNullType(type)) {
      const inner = this.shape(type.ofType);
      c = (value, f, path, ctx) => {
        const v = inner(value, f, path, ctx);
        if (v === null) throw new GraphQLError(`Cannot return null for non-nullable field ${path.typename}.${f.name}.`);
        return v;
      };
    } else if (isListType(type)) {
      const item = this.shape(type.ofType);
      c = (value, f, path, ctx) => {
        if (value === null || value === undefined) return null;
        if (!Array.isArray(value)) throw new GraphQLError(`Expected a list for ${path.typename}.${f.name}.`);
        return value.map((v, i) => item(v, f, { prev: path, key: i, typename: undefined }, ctx));
      };
    } else if (isLeafType(type)) {
      c = (value) => (value === null || value === undefined ? null : type.serialize(value));
    } else if (isObjectType(type)) {
      c = (value, f, path, ctx) => (value === null || value === undefined ? null : this.object(value, type, this.subSets(f), path, ctx));
    } else {
      c = (value, f, path, ctx) => {
        if (value === null || value === undefined) return null;
        const name = typeResolver(value, ctx, {} as GraphQLResolveInfo, type);
        const t = typeof name === "string" ? this.schema.getType(name) : undefined;
        if (!t || !isObjectType(t)) throw new GraphQLError(`Cannot resolve the type of a ${getNamedType(type).name} at ${path.typename}.${f.name}.`);
        return this.object(value, t, this.subSets(f), path, ctx);
      };
    }
    this.shapes.set(type, c);
    return c;
  }

  private subSetsCache = new WeakMap<PlannedField, SelectionSetNode[]>();

  private subSets(f: PlannedField): SelectionSetNode[] {
    let s = this.subSetsCache.get(f);
    if (!s) {
      s = f.nodes.flatMap((n) => (n.selectionSet ? [n.selectionSet] : []));
      this.subSetsCache.set(f, s);
    }
    return s;
  }
}
