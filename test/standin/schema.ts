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

export function adminSchema(): GraphQLSchema {
  if (!cached) {
    const json = JSON.parse(gunzipSync(readFileSync(SCHEMA_PATH)).toString("utf8")) as { data: IntrospectionQuery };
    cached = buildClientSchema(json.data);
  }
  return cached;
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
