// One Admin GraphQL request, the way Shopify handles it: parse, validate against the real schema
// (invalid queries never get data), coerce variables, price the query (MAX_COST_EXCEEDED over
// 1000), charge the shop's leaky bucket (THROTTLED when it lacks the points), execute, refund the
// difference between requested and actual cost, and answer with `extensions.cost`.

import {
  TypeInfo,
  visit,
  visitWithTypeInfo,
  executeSync,
  getOperationAST,
  getVariableValues,
  GraphQLError,
  Kind,
  parse,
  validate,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
} from "graphql";

import { actualCost, LeakyBucket, MAX_QUERY_COST, requestedCost } from "./cost";
import { globalIdErrors, toShopifyParseError, toShopifyValidationErrors, type ShopifyError } from "./errors";
import { fieldResolver, typeResolver, type BulkApi, type ExecContext } from "./resolvers";
import type { ShopStore } from "./store";

export interface GraphQLRequestBody {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
}

export interface GraphQLOutcome {
  status: number;
  body: unknown;
  deprecated?: string[]; // deprecated fields the request used (Shopify flags them in a header)
  operationName?: string;
  requestedCost: number;
  actualCost: number;
  throttled: boolean;
}

const DOCS = "https://shopify.dev/api/usage/rate-limits";

function errorBody(errors: ShopifyError[]): { errors: ShopifyError[] } {
  return { errors };
}

function formatRuntimeError(e: GraphQLError): ShopifyError {
  const out: ShopifyError = { message: e.message };
  if (e.locations) out.locations = e.locations.map((l) => ({ line: l.line, column: l.column }));
  if (e.path) out.path = [...e.path];
  const ext = { ...(e.extensions ?? {}) };
  if (Object.keys(ext).length) out.extensions = ext;
  else if (e.originalError && !(e.originalError instanceof GraphQLError)) {
    // A bug in the stand-in or bad fixture data, not something Shopify would say.
    out.extensions = { code: "INTERNAL_SERVER_ERROR" };
  }
  return out;
}

// Parsing and validating the same few documents again and again is the bulk of the work for a
// paging client; Shopify caches them too.
const docCache = new Map<string, { doc: DocumentNode } | { errors: ShopifyError[] }>();

function prepare(schema: GraphQLSchema, query: string): { doc: DocumentNode } | { errors: ShopifyError[] } {
  const hit = docCache.get(query);
  if (hit) return hit;
  let result: { doc: DocumentNode } | { errors: ShopifyError[] };
  try {
    const doc = parse(query);
    const invalid = validate(schema, doc);
    result = invalid.length ? { errors: toShopifyValidationErrors(invalid, doc, schema) } : { doc };
  } catch (e) {
    result = { errors: [toShopifyParseError(e as GraphQLError)] };
  }
  if (docCache.size > 500) docCache.clear();
  docCache.set(query, result);
  return result;
}

const deprecatedCache = new WeakMap<DocumentNode, string[]>();

/** Deprecated fields a document selects, e.g. ["ShopPlan.displayName"]. */
function deprecatedFields(schema: GraphQLSchema, doc: DocumentNode): string[] {
  let out = deprecatedCache.get(doc);
  if (!out) {
    const found = new Set<string>();
    const info = new TypeInfo(schema);
    visit(
      doc,
      visitWithTypeInfo(info, {
        Field() {
          const def = info.getFieldDef();
          const parent = info.getParentType();
          if (def?.deprecationReason && parent) found.add(`${parent.name}.${def.name}`);
        },
      }),
    );
    out = [...found];
    deprecatedCache.set(doc, out);
  }
  return out;
}

export function runGraphQL(
  schema: GraphQLSchema,
  store: ShopStore,
  bulkOps: BulkApi,
  bucket: LeakyBucket,
  body: GraphQLRequestBody,
  auth: { scopes: ReadonlySet<string>; now: number },
): GraphQLOutcome {
  const none = { requestedCost: 0, actualCost: 0, throttled: false };
  if (typeof body.query !== "string" || body.query.trim() === "") {
    return { status: 400, body: { errors: { query: "Required parameter missing or invalid" } }, ...none };
  }
  const prepared = prepare(schema, body.query);
  if ("errors" in prepared) return { status: 200, body: errorBody(prepared.errors), ...none };
  const doc = prepared.doc;

  const operationName = typeof body.operationName === "string" ? body.operationName : undefined;
  const op = getOperationAST(doc, operationName);
  if (!op) {
    const message = operationName ? `No operation named "${operationName}"` : "An operation name is required";
    return { status: 200, body: errorBody([{ message }]), ...none };
  }
  const name = op.name?.value ?? operationName;
  if (op.operation === "subscription") {
    return { status: 200, body: errorBody([{ message: "Subscriptions are not supported" }]), operationName: name, ...none };
  }

  const rawVars = body.variables && typeof body.variables === "object" ? (body.variables as Record<string, unknown>) : {};
  const coerced = getVariableValues(schema, op.variableDefinitions ?? [], rawVars, { maxErrors: 50 });
  if (coerced.errors) {
    const errors = coerced.errors.map((e): ShopifyError => {
      const v = /^Variable "\$(\w+)"/.exec(e.message)?.[1] ?? "?";
      const def = op.variableDefinitions?.find((d) => d.variable.name.value === v);
      const type = def ? printType(def.type) : "?";
      const value = rawVars[v] === undefined ? null : rawVars[v];
      const explanation = /was not provided|must not be null/.test(e.message) ? "Expected value to not be null" : e.message.replace(/^Variable "\$\w+" got invalid value [^;]*; /, "");
      return {
        message: `Variable $${v} of type ${type} was provided invalid value`,
        locations: e.locations?.map((l) => ({ line: l.line, column: l.column })),
        extensions: { value, problems: [{ path: [], explanation }] },
      };
    });
    return { status: 200, body: errorBody(errors), operationName: name, ...none };
  }
  const variables = coerced.coerced;
  const idErrors = globalIdErrors(schema, doc, op, variables);
  if (idErrors.length) return { status: 200, body: errorBody(idErrors), operationName: name, ...none };

  const fragments: Record<string, FragmentDefinitionNode> = Object.fromEntries(
    doc.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );
  const requested = requestedCost(schema, op, fragments, variables);
  if (requested > MAX_QUERY_COST) {
    const message =
      `Query cost is ${requested}, which exceeds the single query max cost limit (${MAX_QUERY_COST}).\n\n` +
      "See https://shopify.dev/concepts/about-apis/rate-limits for more information on how the\n" +
      "cost of a query is calculated.\n\n" +
      "To query larger amounts of data with fewer limits, bulk operations should be used instead.\n" +
      "See https://shopify.dev/tutorials/perform-bulk-operations-with-admin-api for usage details.\n";
    return {
      status: 200,
      body: errorBody([{ message, extensions: { code: "MAX_COST_EXCEEDED", cost: requested, maxCost: MAX_QUERY_COST, documentation: "https://shopify.dev/api/usage/limits#rate-limits" } }]),
      operationName: name,
      requestedCost: requested,
      actualCost: 0,
      throttled: false,
    };
  }
  if (!bucket.take(requested)) {
    return {
      status: 200,
      body: {
        errors: [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: DOCS } }],
        extensions: { cost: { requestedQueryCost: requested, actualQueryCost: null, throttleStatus: bucket.status() } },
      },
      operationName: name,
      requestedCost: requested,
      actualCost: 0,
      throttled: true,
    };
  }

  const ctx: ExecContext = { store, bulkOps, bulk: null, search: [], scopes: auth.scopes, now: auth.now };
  const result = executeSync({ schema, document: doc, operationName, variableValues: rawVars, contextValue: ctx, fieldResolver, typeResolver });
  const actual = Math.min(requested, actualCost(schema, op, fragments, variables, result.data as Record<string, unknown> | null));
  bucket.refund(requested - actual);
  const out: Record<string, unknown> = {};
  if (result.errors?.length) out.errors = result.errors.map(formatRuntimeError);
  out.data = result.data ?? null;
  const extensions: Record<string, unknown> = { cost: { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: bucket.status() } };
  if (ctx.search.length) extensions.search = ctx.search.map((s) => ({ path: s.path, query: s.query, parsed: s.parsed, ...(s.warnings.length ? { warnings: s.warnings } : {}) }));
  out.extensions = extensions;
  return { status: 200, body: out, operationName: name, requestedCost: requested, actualCost: actual, throttled: false, deprecated: deprecatedFields(schema, doc) };
}

export function printType(t: import("graphql").TypeNode): string {
  if (t.kind === Kind.NON_NULL_TYPE) return `${printType(t.type)}!`;
  if (t.kind === Kind.LIST_TYPE) return `[${printType(t.type)}]`;
  return t.name.value;
}
