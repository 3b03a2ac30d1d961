// Shopify's real Admin API 2026-10 schema, loaded once per process (11 MB of introspection JSON
// takes a moment; every stand-in in a test run shares it).

import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import {
  buildClientSchema,
  getNamedType,
  isObjectType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type IntrospectionQuery,
} from "graphql";

const here = dirname(fileURLToPath(import.meta.url));
export const SCHEMA_PATH = resolve(here, "../../app/modules/shopify/schema/admin_2026-10.json.gz");

let cached: GraphQLSchema | null = null;

export interface AccessRule {
  requiredAccess: string; // Shopify's own wording, e.g. "`read_orders` access scope."
  scopes: string[]; // any one of them grants access
}

interface ScopeItem {
  type: "type" | "field";
  typeName: string;
  fieldName?: string;
  requiredAccess: string;
  offlineScopes: string[];
}

// The schema file carries, per type and field, the access scopes Shopify requires.
const typeRules = new Map<string, AccessRule>();
const fieldRules = new Map<string, AccessRule>();

export function adminSchema(): GraphQLSchema {
  if (!cached) {
    const json = JSON.parse(gunzipSync(readFileSync(SCHEMA_PATH)).toString("utf8")) as { data: IntrospectionQuery; offline_scopes?: { items: ScopeItem[] } };
    cached = buildClientSchema(json.data);
    for (const it of json.offline_scopes?.items ?? []) {
      if (!it.offlineScopes.length) continue;
      const rule = { requiredAccess: it.requiredAccess, scopes: it.offlineScopes };
      if (it.type === "type") typeRules.set(it.typeName, rule);
      else fieldRules.set(`${it.typeName}.${it.fieldName}`, rule);
    }
  }
  return cached;
}

/** The access rule for a type, if Shopify restricts it. */
export function typeAccess(typeName: string): AccessRule | undefined {
  adminSchema();
  return typeRules.get(typeName);
}

/** The access rule for one field, if Shopify restricts it beyond its type. */
export function fieldAccess(typeName: string, fieldName: string): AccessRule | undefined {
  adminSchema();
  return fieldRules.get(`${typeName}.${fieldName}`);
}

/** Whether granted scopes satisfy a rule: any listed scope, a write scope implying its read. */
export function grants(scopes: ReadonlySet<string>, rule: AccessRule): boolean {
  return rule.scopes.some((s) => scopes.has(s) || (s.startsWith("read_") && scopes.has(`write_${s.slice(5)}`)));
}

/** A Relay connection as Shopify shapes them: `edges { cursor node }`, `nodes`, `pageInfo`. */
export function isConnectionType(t: GraphQLNamedType): t is GraphQLObjectType {
  if (!isObjectType(t) || !t.name.endsWith("Connection")) return false;
  const f = t.getFields();
  return "edges" in f && "pageInfo" in f;
}

/** The node type of a connection (`OrderConnection` -> `Order`). */
export function connectionNodeType(t: GraphQLObjectType): GraphQLNamedType {
  const edge = getNamedType(t.getFields().edges.type) as GraphQLObjectType;
  return getNamedType(edge.getFields().node.type);
}
