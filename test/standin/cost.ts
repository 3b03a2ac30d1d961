// Shopify's calculated query cost and its leaky bucket
// (https://shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits): scalars and enums 0,
// objects 1, interfaces/unions the most expensive possible selection, connections 2 plus
// first/last times the cost of one node, mutations 10. Requested cost is computed before
// execution (and may not exceed 1000); actual cost from what came back, and the difference is
// refunded to the bucket.

import {
  getNamedType,
  isAbstractType,
  isCompositeType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  valueFromASTUntyped,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import { parseGid } from "./ids";
import { isConnectionType } from "./schema";

export const MAX_QUERY_COST = 1000;
export const MUTATION_COST = 10;

interface Walk {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
}

interface Collected {
  node: FieldNode;
  condition: GraphQLCompositeType | null; // type condition it sits under, null = the parent itself
}

function included(node: { directives?: readonly { name: { value: string }; arguments?: readonly { name: { value: string }; value: import("graphql").ValueNode }[] }[] }, w: Walk): boolean {
  for (const d of node.directives ?? []) {
    const arg = d.arguments?.find((a) => a.name.value === "if");
    if (!arg) continue;
    const v = valueFromASTUntyped(arg.value, w.variables);
    if (d.name.value === "skip" && v === true) return false;
    if (d.name.value === "include" && v === false) return false;
  }
  return true;
}

function collect(sel: SelectionSetNode | undefined, w: Walk, condition: GraphQLCompositeType | null, out: Collected[] = []): Collected[] {
  for (const s of sel?.selections ?? []) {
    if (!included(s, w)) continue;
    if (s.kind === Kind.FIELD) out.push({ node: s, condition });
    else if (s.kind === Kind.INLINE_FRAGMENT) {
      const c = s.typeCondition ? (w.schema.getType(s.typeCondition.name.value) as GraphQLCompositeType) : condition;
      collect(s.selectionSet, w, c, out);
    } else {
      const f = w.fragments[s.name.value];
      if (f) collect(f.selectionSet, w, w.schema.getType(f.typeCondition.name.value) as GraphQLCompositeType, out);
    }
  }
  return out;
}

function applies(w: Walk, condition: GraphQLCompositeType | null, concrete: GraphQLObjectType): boolean {
  if (!condition || condition === concrete) return true;
  return isAbstractType(condition) && w.schema.isSubType(condition, concrete);
}

function fieldDef(parent: GraphQLCompositeType, name: string): GraphQLField<unknown, unknown> | undefined {
  return "getFields" in parent ? (parent.getFields() as Record<string, GraphQLField<unknown, unknown>>)[name] : undefined;
}

function argValue(node: FieldNode, name: string, w: Walk): unknown {
  const a = node.arguments?.find((x) => x.name.value === name);
  return a ? valueFromASTUntyped(a.value, w.variables) : undefined;
}

/** How many objects a list field can return, for the fields that say so up front. */
function listSize(node: FieldNode, w: Walk): number {
  const first = argValue(node, "first", w);
  if (typeof first === "number") return first;
  const ids = argValue(node, "ids", w);
  if (Array.isArray(ids)) return ids.length;
  return 1;
}

// ---- requested cost -----------------------------------------------------------------------------

function selectionCost(parent: GraphQLCompositeType, sel: SelectionSetNode | undefined, w: Walk): number {
  const fields = collect(sel, w, null);
  const concretes: GraphQLObjectType[] = isAbstractType(parent) ? [...w.schema.getPossibleTypes(parent)] : [parent as GraphQLObjectType];
  let best = 0;
  for (const concrete of concretes) {
    let sum = 0;
    for (const f of fields) {
      if (!applies(w, f.condition, concrete)) continue;
      const def = fieldDef(f.condition && !isAbstractType(f.condition) ? f.condition : concrete, f.node.name.value) ?? fieldDef(parent, f.node.name.value);
      if (def) sum += fieldCost(def.type, f.node, w);
    }
    best = Math.max(best, sum);
  }
  return best;
}

function nodeSelections(conn: GraphQLObjectType, node: FieldNode, w: Walk): { type: GraphQLCompositeType; sels: SelectionSetNode[] } {
  const sels: SelectionSetNode[] = [];
  for (const f of collect(node.selectionSet, w, null)) {
    if (f.node.name.value === "nodes" && f.node.selectionSet) sels.push(f.node.selectionSet);
    if (f.node.name.value === "edges") {
      for (const e of collect(f.node.selectionSet, w, null)) if (e.node.name.value === "node" && e.node.selectionSet) sels.push(e.node.selectionSet);
    }
  }
  const edgeType = getNamedType(conn.getFields().edges.type) as GraphQLObjectType;
  return { type: getNamedType(edgeType.getFields().node.type) as GraphQLCompositeType, sels };
}

function fieldCost(type: GraphQLOutputType, node: FieldNode, w: Walk): number {
  if (node.name.value.startsWith("__")) return 0;
  const named = getNamedType(type);
  if (!isCompositeType(named)) return 0;
  if (isConnectionType(named)) {
    const size = (argValue(node, "first", w) ?? argValue(node, "last", w) ?? 0) as number;
    const { type: nodeType, sels } = nodeSelections(named, node, w);
    // `edges { node }` and `nodes` fetch the same objects; charge them once.
    const perNode = sels.length ? Math.max(...sels.map((s) => 1 + selectionCost(nodeType, s, w))) : 0;
    return 2 + size * perNode;
  }
  let t: GraphQLOutputType = type;
  if (isNonNullType(t)) t = t.ofType;
  const each = 1 + selectionCost(named, node.selectionSet, w);
  return isListType(t) ? listSize(node, w) * each : each;
}

export function requestedCost(schema: GraphQLSchema, op: OperationDefinitionNode, fragments: Record<string, FragmentDefinitionNode>, variables: Record<string, unknown>): number {
  const w: Walk = { schema, fragments, variables };
  if (op.operation === "mutation") {
    // Shopify charges a flat 10 per mutation field; the payload selection is part of it.
    return collect(op.selectionSet, w, null).filter((f) => !f.node.name.value.startsWith("__")).length * MUTATION_COST;
  }
  return selectionCost(schema.getQueryType()!, op.selectionSet, w);
}

// ---- actual cost --------------------------------------------------------------------------------

function runtimeType(parent: GraphQLCompositeType, value: unknown, w: Walk): GraphQLObjectType | null {
  if (isObjectType(parent)) return parent;
  const v = value as { __typename?: unknown; id?: unknown };
  const name = typeof v.__typename === "string" ? v.__typename : typeof v.id === "string" ? parseGid(v.id)?.type : undefined;
  const t = name ? w.schema.getType(name) : undefined;
  return t && isObjectType(t) ? t : null;
}

function actualSelection(parent: GraphQLCompositeType, sel: SelectionSetNode | undefined, value: Record<string, unknown>, w: Walk): number {
  const concrete = runtimeType(parent, value, w);
  if (!concrete) return selectionCost(parent, sel, w); // cannot tell: charge what was requested
  let sum = 0;
  for (const f of collect(sel, w, null)) {
    if (!applies(w, f.condition, concrete)) continue;
    const def = fieldDef(concrete, f.node.name.value);
    if (!def) continue;
    const key = f.node.alias?.value ?? f.node.name.value;
    sum += actualField(def.type, f.node, value[key], w);
  }
  return sum;
}

function actualField(type: GraphQLOutputType, node: FieldNode, value: unknown, w: Walk): number {
  if (node.name.value.startsWith("__")) return 0;
  const named = getNamedType(type);
  if (!isCompositeType(named)) return 0;
  if (isConnectionType(named)) {
    if (value === null || value === undefined) return 2;
    const { type: nodeType } = nodeSelections(named, node, w);
    const conn = value as { edges?: { node?: Record<string, unknown> }[]; nodes?: Record<string, unknown>[] };
    let best = 0;
    for (const f of collect(node.selectionSet, w, null)) {
      let sum = 0;
      if (f.node.name.value === "nodes" && Array.isArray(conn.nodes)) {
        for (const n of conn.nodes) sum += n ? 1 + actualSelection(nodeType, f.node.selectionSet, n, w) : 0;
      } else if (f.node.name.value === "edges" && Array.isArray(conn.edges)) {
        for (const e of collect(f.node.selectionSet, w, null)) {
          if (e.node.name.value !== "node") continue;
          for (const edge of conn.edges) if (edge?.node) sum += 1 + actualSelection(nodeType, e.node.selectionSet, edge.node, w);
        }
      }
      best = Math.max(best, sum);
    }
    return 2 + best;
  }
  if (value === null || value === undefined) return 1;
  if (Array.isArray(value)) {
    return value.reduce((n: number, item) => n + (item === null ? 0 : 1 + actualSelection(named, node.selectionSet, item as Record<string, unknown>, w)), 0);
  }
  return 1 + actualSelection(named, node.selectionSet, value as Record<string, unknown>, w);
}

export function actualCost(schema: GraphQLSchema, op: OperationDefinitionNode, fragments: Record<string, FragmentDefinitionNode>, variables: Record<string, unknown>, data: Record<string, unknown> | null | undefined): number {
  const w: Walk = { schema, fragments, variables };
  if (op.operation === "mutation") return requestedCost(schema, op, fragments, variables);
  if (!data) return 0;
  return actualSelection(schema.getQueryType()!, op.selectionSet, data, w);
}

// ---- leaky bucket -------------------------------------------------------------------------------

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

/** One bucket per app and shop; it refills continuously at restoreRate points per second. */
export class LeakyBucket {
  private available: number;
  private at: number;

  constructor(
    readonly maximumAvailable: number,
    readonly restoreRate: number,
    private readonly now: () => number,
  ) {
    this.available = maximumAvailable;
    this.at = now();
  }

  private refill(): void {
    const t = this.now();
    this.available = Math.min(this.maximumAvailable, this.available + ((t - this.at) / 1000) * this.restoreRate);
    this.at = t;
  }

  /** Take `cost` if the bucket holds it; false means the request is throttled. */
  take(cost: number): boolean {
    this.refill();
    if (cost > this.available) return false;
    this.available -= cost;
    return true;
  }

  refund(points: number): void {
    this.refill();
    this.available = Math.min(this.maximumAvailable, this.available + points);
  }

  status(): ThrottleStatus {
    this.refill();
    return { maximumAvailable: this.maximumAvailable, currentlyAvailable: Math.floor(this.available), restoreRate: this.restoreRate };
  }
}

/** Restore rates by plan from Shopify's rate-limit page; the bucket holds 20 seconds of restore. */
export function planLimits(plan: { displayName: string; shopifyPlus: boolean }): { maximumAvailable: number; restoreRate: number } {
  const name = plan.displayName.toLowerCase();
  const restoreRate = name.includes("enterprise") || name.includes("commerce components") ? 2000 : plan.shopifyPlus || name.includes("plus") ? 1000 : name.includes("advanced") ? 200 : 100;
  return { maximumAvailable: restoreRate * 20, restoreRate };
}
