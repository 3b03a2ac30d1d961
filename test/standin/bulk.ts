// Bulk query operations (https://shopify.dev/docs/api/usage/bulk-operations/queries): the inner
// query is checked against the schema and Shopify's bulk rules, then runs in the background and
// streams JSONL to disk: one line per connection node, children after their parent carrying
// "__parentId", plain lists inlined, connection fields left out of the parent's line.

import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { stat } from "node:fs/promises";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import {
  getNamedType,
  GraphQLError,
  isAbstractType,
  isCompositeType,
  isListType,
  isNonNullType,
  Kind,
  parse,
  validate,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";
import { BulkExecutor } from "./bulk-exec";
import { toShopifyParseError, toShopifyValidationErrors } from "./errors";
import { gid } from "./ids";
import type { BulkApi, BulkOperationRecord, BulkUserError, ExecContext } from "./resolvers";
import { isConnectionType } from "./schema";
import type { ShopStore } from "./store";
import { formatUtc } from "./tz";

/** From 2026-01 an app may run five bulk query operations at once per shop. */
export const MAX_CONCURRENT_BULK_QUERIES = 5;
const MAX_CONNECTIONS = 5;
const MAX_CONNECTION_DEPTH = 2;
const ROOT_BATCH = 200;

// Seeded from the clock so a restarted stand-in (the demo keeps its data dir) never reuses an id
// an app may still remember from the previous run.
let nextBulkId = Date.now();

export interface BulkOptions {
  schema: GraphQLSchema;
  store: ShopStore;
  dataDir: string;
  baseUrl: () => string;
  delayMs: number;
  now: () => number;
  onFinish: (op: BulkOperationRecord) => Promise<void> | void;
}

interface Running {
  record: BulkOperationRecord;
  file: string;
  urlPath: string;
  cancelRequested: boolean;
  done: Promise<void>;
}

// ---- rule checks --------------------------------------------------------------------------------

interface Analysis {
  connections: number;
  maxDepth: number;
  topLevelNode: string | null;
  connectionInList: boolean;
  viaNodes: string[];
  nestedWithoutId: string[];
}

function fieldsOf(sel: SelectionSetNode | undefined, fragments: Record<string, FragmentDefinitionNode>, out: FieldNode[] = []): FieldNode[] {
  for (const s of sel?.selections ?? []) {
    if (s.kind === Kind.FIELD) out.push(s);
    else if (s.kind === Kind.INLINE_FRAGMENT) fieldsOf(s.selectionSet, fragments, out);
    else if (fragments[s.name.value]) fieldsOf(fragments[s.name.value].selectionSet, fragments, out);
  }
  return out;
}

function lookupField(schema: GraphQLSchema, parent: GraphQLCompositeType, name: string): GraphQLField<unknown, unknown> | undefined {
  if ("getFields" in parent) {
    const f = (parent.getFields() as Record<string, GraphQLField<unknown, unknown>>)[name];
    if (f) return f;
  }
  if (isAbstractType(parent)) {
    for (const t of schema.getPossibleTypes(parent)) {
      const f = t.getFields()[name];
      if (f) return f;
    }
  }
  return undefined;
}

function isListField(t: GraphQLOutputType): boolean {
  return isListType(isNonNullType(t) ? t.ofType : t);
}

/** The selections under `edges { node { ... } }` and, separately, whether `nodes` was used. */
function connectionNodeSelections(field: FieldNode, fragments: Record<string, FragmentDefinitionNode>) {
  const nodeFields: FieldNode[] = [];
  let viaNodes = false;
  for (const f of fieldsOf(field.selectionSet, fragments)) {
    if (f.name.value === "nodes") viaNodes = true;
    if (f.name.value === "edges") for (const e of fieldsOf(f.selectionSet, fragments)) if (e.name.value === "node") nodeFields.push(e);
  }
  return { nodeFields, viaNodes };
}

function analyse(schema: GraphQLSchema, op: OperationDefinitionNode, fragments: Record<string, FragmentDefinitionNode>): Analysis {
  const a: Analysis = { connections: 0, maxDepth: 0, topLevelNode: null, connectionInList: false, viaNodes: [], nestedWithoutId: [] };
  const root = schema.getQueryType()!;
  for (const f of fieldsOf(op.selectionSet, fragments)) {
    if (f.name.value === "node" || f.name.value === "nodes") a.topLevelNode = f.name.value;
  }
  const walk = (sel: SelectionSetNode | undefined, parent: GraphQLCompositeType, depth: number, inList: boolean, nodeHasId: boolean | null) => {
    for (const f of fieldsOf(sel, fragments)) {
      const def = lookupField(schema, parent, f.name.value);
      if (!def) continue;
      const named = getNamedType(def.type);
      if (!isCompositeType(named)) continue;
      if (isConnectionType(named)) {
        a.connections++;
        a.maxDepth = Math.max(a.maxDepth, depth + 1);
        if (inList) a.connectionInList = true;
        if (nodeHasId === false) a.nestedWithoutId.push(f.name.value);
        const { nodeFields, viaNodes } = connectionNodeSelections(f, fragments);
        if (viaNodes) a.viaNodes.push(f.name.value);
        const edgeType = getNamedType(named.getFields().edges.type) as GraphQLCompositeType;
        const nodeType = getNamedType((edgeType as { getFields(): Record<string, GraphQLField<unknown, unknown>> }).getFields().node.type) as GraphQLCompositeType;
        for (const nf of nodeFields) {
          const hasId = fieldsOf(nf.selectionSet, fragments).some((x) => x.name.value === "id" && !x.alias);
          walk(nf.selectionSet, nodeType, depth + 1, false, hasId);
        }
      } else {
        walk(f.selectionSet, named, depth, inList || isListField(def.type), nodeHasId);
      }
    }
  };
  walk(op.selectionSet, root, 0, false, null);
  return a;
}

function userError(message: string, code: BulkUserError["code"] = "INVALID", field: string[] | null = ["query"]): BulkUserError {
  return { field, message, code };
}

/** Shopify's checks on a bulk query, in the order it reports them. */
export function checkBulkQuery(schema: GraphQLSchema, query: string): { errors: BulkUserError[]; doc?: DocumentNode } {
  let doc: DocumentNode;
  try {
    doc = parse(query);
  } catch (e) {
    const message = toShopifyParseError(e as GraphQLError).message.replace(/ at \[\d+, \d+\]$/, "");
    return { errors: [userError(`Invalid bulk query: ${message}`)] };
  }
  const invalid = validate(schema, doc);
  if (invalid.length) {
    return { errors: toShopifyValidationErrors(invalid, doc, schema).map((e) => userError(`Invalid bulk query: ${e.message}`)) };
  }
  const ops = doc.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (ops.length !== 1) return { errors: [userError("Invalid bulk query: a bulk query must contain exactly one operation")] };
  if (ops[0].operation !== "query") return { errors: [userError("Invalid operation type. Only `query` operations are supported.")] };
  if (ops[0].variableDefinitions?.length) return { errors: [userError("Invalid bulk query: bulk queries cannot use variables")] };
  const fragments = Object.fromEntries(
    doc.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );
  const a = analyse(schema, ops[0], fragments);
  const errors: BulkUserError[] = [];
  if (a.viaNodes.length) {
    errors.push(
      userError(
        `All connection fields in a bulk query must select their contents using 'edges' > 'node', e.g: '${a.viaNodes[0]} { edges { node {'. Selecting via 'nodes' is not supported. Invalid connection fields: '${a.viaNodes.join("', '")}'.`,
      ),
    );
  }
  if (a.topLevelNode) errors.push(userError(`Bulk queries cannot contain a top level \`${a.topLevelNode}\` field.`));
  if (a.maxDepth > MAX_CONNECTION_DEPTH) errors.push(userError(`Bulk queries cannot contain connections with a nesting depth greater than ${MAX_CONNECTION_DEPTH}.`));
  if (a.connections > MAX_CONNECTIONS) errors.push(userError(`Bulk queries cannot contain more than ${MAX_CONNECTIONS} connections.`));
  if (a.nestedWithoutId.length) {
    errors.push(
      userError(
        `The parent 'node' field for a nested connection must select the 'id' field without an alias and must be of 'ID' return type. Connection fields without 'id': ${a.nestedWithoutId.join(", ")}.`,
      ),
    );
  }
  if (a.connectionInList) errors.push(userError("Queries that contain a connection field within a list field are not currently supported."));
  if (a.connections === 0 && (errors.length === 0 || (a.topLevelNode && errors.length === 1))) {
    errors.push(userError("Bulk queries must contain at least one connection."));
  }
  return { errors, doc };
}

// ---- flattening to JSONL ------------------------------------------------------------------------

interface FlattenPlan {
  connections: Map<string, FlattenPlan>;
  objects: Map<string, FlattenPlan>;
}

function hasConnections(p: FlattenPlan): boolean {
  return p.connections.size > 0 || [...p.objects.values()].some(hasConnections);
}

function buildPlan(schema: GraphQLSchema, sel: SelectionSetNode | undefined, parent: GraphQLCompositeType, fragments: Record<string, FragmentDefinitionNode>): FlattenPlan {
  const plan: FlattenPlan = { connections: new Map(), objects: new Map() };
  for (const f of fieldsOf(sel, fragments)) {
    const def = lookupField(schema, parent, f.name.value);
    if (!def) continue;
    const named = getNamedType(def.type);
    if (!isCompositeType(named)) continue;
    const key = f.alias?.value ?? f.name.value;
    if (isConnectionType(named)) {
      const edgeType = getNamedType(named.getFields().edges.type) as GraphQLCompositeType;
      const nodeType = getNamedType((edgeType as { getFields(): Record<string, GraphQLField<unknown, unknown>> }).getFields().node.type) as GraphQLCompositeType;
      const merged: SelectionSetNode = {
        kind: Kind.SELECTION_SET,
        selections: connectionNodeSelections(f, fragments).nodeFields.flatMap((n) => n.selectionSet?.selections ?? []),
      };
      plan.connections.set(key, buildPlan(schema, merged, nodeType, fragments));
    } else if (!isListField(def.type)) {
      const sub = buildPlan(schema, f.selectionSet, named, fragments);
      if (hasConnections(sub)) plan.objects.set(key, sub);
    }
  }
  return plan;
}

type Json = Record<string, unknown>;
type Pending = Array<[edges: Array<{ node?: Json }>, plan: FlattenPlan]>;

/** A copy of `value` without its connection fields; those are queued to become lines of their own. */
function strip(value: Json, plan: FlattenPlan, pending: Pending): Json {
  const out: Json = {};
  for (const k in value) {
    const v = value[k];
    const conn = plan.connections.get(k);
    if (conn) {
      pending.push([(v as { edges?: Array<{ node?: Json }> } | null)?.edges ?? [], conn]);
      continue;
    }
    const nested = plan.objects.get(k);
    out[k] = nested && v && typeof v === "object" ? strip(v as Json, nested, pending) : v;
  }
  return out;
}

/**
 * One node and, after it, its connection children. Connections inside plain nested objects
 * hang off the nearest node, the one with an id.
 */
function flattenNode(obj: Json, plan: FlattenPlan, parentId: string | null, out: Json[]): void {
  const pending: Pending = [];
  const line = strip(obj, plan, pending);
  if (parentId) line.__parentId = parentId;
  out.push(line);
  const ownId = typeof obj.id === "string" ? obj.id : parentId;
  for (const [edges, conn] of pending) for (const e of edges) if (e.node) flattenNode(e.node, conn, ownId, out);
}

/** Shopify's JSONL escapes forward slashes ("gid:\/\/shopify\/Order\/1"); "/" only occurs inside strings. */
function jsonLine(line: Json): string {
  return `${JSON.stringify(line).replace(/\//g, "\\/")}\n`;
}

// ---- the registry -------------------------------------------------------------------------------

export class BulkOperations implements BulkApi {
  private ops = new Map<string, Running>();
  private byPath = new Map<string, Running>();

  constructor(private readonly o: BulkOptions) {}

  get(id: string): BulkOperationRecord | undefined {
    return this.ops.get(id)?.record;
  }

  all(): BulkOperationRecord[] {
    return [...this.ops.values()].map((r) => r.record);
  }

  /** The file behind a result URL path (`/standin/bulk/<id>-<token>.jsonl`), if it exists. */
  fileFor(urlPath: string): string | undefined {
    const r = this.byPath.get(urlPath);
    return r && (r.record.url || r.record.partialDataUrl) ? r.file : undefined;
  }

  /** Resolves when every operation started so far has finished (tests, shutdown). */
  async idle(): Promise<void> {
    await Promise.all([...this.ops.values()].map((r) => r.done));
  }

  runQuery(query: string, _groupObjects: boolean, scopes: ReadonlySet<string>): { bulkOperation: BulkOperationRecord | null; userErrors: BulkUserError[] } {
    // groupObjects only changes the order of lines; the stand-in always writes children right
    // after their parent, which is one of the orders Shopify may produce either way.
    const { errors, doc } = checkBulkQuery(this.o.schema, query);
    if (errors.length || !doc) return { bulkOperation: null, userErrors: errors };
    const active = this.all().filter((r) => r.type === "QUERY" && (r.status === "CREATED" || r.status === "RUNNING" || r.status === "CANCELING"));
    if (active.length >= MAX_CONCURRENT_BULK_QUERIES) {
      return {
        bulkOperation: null,
        userErrors: [
          userError(`A bulk query operation for this app and shop is already in progress: ${active.map((r) => r.id).join(", ")}.`, "OPERATION_IN_PROGRESS", null),
        ],
      };
    }
    const id = gid("BulkOperation", nextBulkId++);
    const token = randomBytes(12).toString("hex");
    const urlPath = `/standin/bulk/${id.split("/").pop()}-${token}.jsonl`;
    const record: BulkOperationRecord = {
      id,
      status: "CREATED",
      errorCode: null,
      createdAt: formatUtc(this.o.now()),
      completedAt: null,
      objectCount: "0",
      rootObjectCount: "0",
      fileSize: null,
      url: null,
      partialDataUrl: null,
      query,
      type: "QUERY",
    };
    const running: Running = { record, file: join(this.o.dataDir, `bulk-${id.split("/").pop()}.jsonl`), urlPath, cancelRequested: false, done: Promise.resolve() };
    running.done = this.execute(running, doc, scopes).catch((e: unknown) => {
      record.status = "FAILED";
      record.errorCode = "INTERNAL_SERVER_ERROR";
      record.completedAt = formatUtc(this.o.now());
      console.error(`stand-in: bulk operation ${id} failed:`, e);
    });
    this.ops.set(id, running);
    this.byPath.set(urlPath, running);
    return { bulkOperation: { ...record }, userErrors: [] };
  }

  cancel(id: string): { bulkOperation: BulkOperationRecord | null; userErrors: BulkUserError[] } {
    const r = this.ops.get(id);
    if (!r) return { bulkOperation: null, userErrors: [userError("Bulk operation does not exist", null, ["id"])] };
    if (r.record.status !== "CREATED" && r.record.status !== "RUNNING") {
      return { bulkOperation: r.record, userErrors: [userError(`A bulk operation cannot be canceled when it is ${r.record.status.toLowerCase()}`, null, null)] };
    }
    r.cancelRequested = true;
    r.record.status = "CANCELING";
    return { bulkOperation: r.record, userErrors: [] };
  }

  private async execute(r: Running, doc: DocumentNode, scopes: ReadonlySet<string>): Promise<void> {
    const started = this.o.now();
    const pause = (ms: number) => new Promise((res) => setTimeout(res, Math.max(0, ms)));
    await pause(this.o.delayMs / 2);
    if (r.cancelRequested) return this.finish(r, "CANCELED");
    r.record.status = "RUNNING";

    const schema = this.o.schema;
    const op = doc.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
    const fragments = Object.fromEntries(
      doc.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
    );
    const rootPlan = buildPlan(schema, op.selectionSet, schema.getQueryType()!, fragments);
    const executor = new BulkExecutor(schema, fragments);
    const ctx: ExecContext = {
      store: this.o.store,
      bulkOps: this,
      bulk: { slice: { start: 0, end: ROOT_BATCH }, rootTotal: null, rootCache: new Map() },
      search: [],
      scopes,
      now: this.o.now(),
    };
    const out = createWriteStream(r.file);
    // A write error (disk full, missing folder) must fail the operation as Shopify would, not
    // leave it RUNNING forever: `once` rejects on the stream's 'error' event.
    let writeError: unknown = null;
    out.on("error", (e) => { writeError = e; });
    let objects = 0;
    let roots = 0;
    let failed: "ACCESS_DENIED" | "INTERNAL_SERVER_ERROR" | null = null;
    try {
      for (let start = 0; ; start += ROOT_BATCH) {
        if (r.cancelRequested) break;
        ctx.bulk!.slice = { start, end: start + ROOT_BATCH };
        let data: Record<string, unknown>;
        try {
          data = executor.execute(op, ctx);
        } catch (e) {
          // Shopify reports a failed operation, keeping what it wrote so far as partial data.
          console.warn(`stand-in: bulk operation ${r.record.id} failed: ${(e as Error).message}`);
          failed = e instanceof GraphQLError && e.extensions.code === "ACCESS_DENIED" ? "ACCESS_DENIED" : "INTERNAL_SERVER_ERROR";
          break;
        }
        const lines: Json[] = [];
        for (const [key, value] of Object.entries(data)) {
          const conn = rootPlan.connections.get(key);
          if (conn) {
            for (const e of (value as { edges: { node: Json }[] }).edges) {
              roots++;
              flattenNode(e.node, conn, null, lines);
            }
          } else if (value && typeof value === "object" && start === 0) {
            roots++;
            flattenNode(value as Json, rootPlan.objects.get(key) ?? { connections: new Map(), objects: new Map() }, null, lines);
          }
        }
        objects += lines.length;
        const chunk = lines.map(jsonLine).join("");
        r.record.objectCount = String(objects);
        r.record.rootObjectCount = String(roots);
        if (writeError) throw writeError;
        if (chunk && !out.write(chunk)) await once(out, "drain");
        const total = ctx.bulk!.rootTotal;
        if (total === null || start + ROOT_BATCH >= total) break;
        // Let the server answer polls while a big export runs.
        await new Promise((res) => setImmediate(res));
      }
    } finally {
      out.end();
      await once(out, "close");
    }
    await pause(this.o.delayMs - (this.o.now() - started));
    if (r.cancelRequested) return this.finish(r, "CANCELED");
    if (failed) {
      r.record.errorCode = failed;
      if (objects > 0) r.record.partialDataUrl = this.o.baseUrl() + r.urlPath;
      return this.finish(r, "FAILED");
    }
    if (objects > 0) {
      r.record.fileSize = String((await stat(r.file)).size);
      r.record.url = this.o.baseUrl() + r.urlPath;
    }
    return this.finish(r, "COMPLETED");
  }

  private async finish(r: Running, status: "COMPLETED" | "FAILED" | "CANCELED"): Promise<void> {
    r.record.status = status;
    r.record.completedAt = formatUtc(this.o.now());
    await this.o.onFinish(r.record);
  }
}
