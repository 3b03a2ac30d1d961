// Shopify runs graphql-ruby; the stand-in validates with graphql-js. The rules are the same (both
// implement the GraphQL spec) but the words differ, and apps match on Shopify's words and codes.
// This maps graphql-js messages to graphql-ruby's: "Field 'x' doesn't exist on type 'Y'" with
// extensions {code: "undefinedField", typeName, fieldName}, paths like ["query Name", "shop", "x"].

import {
  getNamedType,
  GraphQLError,
  Kind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type ASTNode,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from "graphql";
import { parseGid } from "./ids";

export interface ShopifyError {
  message: string;
  locations?: { line: number; column: number }[];
  path?: (string | number)[];
  extensions?: Record<string, unknown>;
}

interface NodeContext {
  path: string[];
  fieldName?: string;
  argumentName?: string;
  argumentType?: string;
}

/** Where every interesting AST node sits, in graphql-ruby's path vocabulary. */
function indexDocument(doc: DocumentNode, schema: GraphQLSchema): Map<ASTNode, NodeContext> {
  const map = new Map<ASTNode, NodeContext>();
  const stack: string[] = [];
  const fieldStack: string[] = [];
  let argName: string | undefined;
  let argType: string | undefined;
  const info = new TypeInfo(schema);
  visit(doc, visitWithTypeInfo(info, {
    OperationDefinition: {
      enter(node) {
        stack.push(node.name ? `${node.operation} ${node.name.value}` : node.operation);
        map.set(node, { path: [...stack] });
      },
      leave() {
        stack.pop();
      },
    },
    FragmentDefinition: {
      enter(node) {
        stack.push(`fragment ${node.name.value}`);
        map.set(node, { path: [...stack] });
      },
      leave() {
        stack.pop();
      },
    },
    VariableDefinition(node) {
      map.set(node, { path: [...stack] });
      map.set(node.type, { path: [...stack] });
    },
    Field: {
      enter(node) {
        stack.push(node.alias?.value ?? node.name.value);
        fieldStack.push(node.name.value);
        map.set(node, { path: [...stack], fieldName: node.name.value });
      },
      leave() {
        stack.pop();
        fieldStack.pop();
      },
    },
    InlineFragment: {
      enter(node) {
        stack.push(node.typeCondition ? `... on ${node.typeCondition.name.value}` : "...");
        map.set(node, { path: [...stack] });
        if (node.typeCondition) map.set(node.typeCondition, { path: [...stack] });
      },
      leave() {
        stack.pop();
      },
    },
    FragmentSpread(node) {
      map.set(node, { path: [...stack, `... ${node.name.value}`] });
    },
    Argument: {
      enter(node) {
        argName = node.name.value;
        const t = info.getArgument()?.type;
        argType = t ? String(t).replace(/!$/, "") : undefined;
        map.set(node, { path: [...stack, node.name.value], fieldName: fieldStack[fieldStack.length - 1], argumentName: argName, argumentType: argType });
      },
      leave() {
        argName = undefined;
      },
    },
    enter(node) {
      if (argName !== undefined && !map.has(node)) {
        map.set(node, { path: [...stack, argName], fieldName: fieldStack[fieldStack.length - 1], argumentName: argName, argumentType: argType });
      }
    },
  }));
  return map;
}

function locations(e: GraphQLError): ShopifyError["locations"] {
  return e.locations?.map((l) => ({ line: l.line, column: l.column }));
}

function operationLabel(ctx: NodeContext | undefined): string {
  const op = ctx?.path[0] ?? "query";
  return op.includes(" ") ? op.split(" ")[1] : `anonymous ${op}`;
}

/** graphql-js validation errors -> Shopify's (graphql-ruby's) wording and extension codes. */
export function toShopifyValidationErrors(errors: readonly GraphQLError[], doc: DocumentNode, schema: GraphQLSchema): ShopifyError[] {
  const index = indexDocument(doc, schema);
  const out: ShopifyError[] = [];
  for (const e of errors) {
    const node = e.nodes?.[0];
    const ctx = node ? index.get(node) : undefined;
    const base = { locations: locations(e), ...(ctx ? { path: ctx.path } : {}) };
    const msg = e.message;
    let m: RegExpExecArray | null;

    if ((m = /^Cannot query field "(\w+)" on type "(\w+)"/.exec(msg))) {
      out.push({ message: `Field '${m[1]}' doesn't exist on type '${m[2]}'`, ...base, extensions: { code: "undefinedField", typeName: m[2], fieldName: m[1] } });
    } else if ((m = /^Unknown argument "(\w+)" on field "\w+\.(\w+)"/.exec(msg))) {
      out.push({ message: `Field '${m[2]}' doesn't accept argument '${m[1]}'`, ...base, extensions: { code: "argumentNotAccepted", name: m[2], typeName: "Field", argumentName: m[1] } });
    } else if ((m = /^Unknown argument "(\w+)" on directive "@(\w+)"/.exec(msg))) {
      out.push({ message: `Directive '${m[2]}' doesn't accept argument '${m[1]}'`, ...base, extensions: { code: "argumentNotAccepted", name: m[2], typeName: "Directive", argumentName: m[1] } });
    } else if ((m = /^Field "(\w+)" argument "(\w+)" of type "[^"]+" is required, but it was not provided\./.exec(msg))) {
      const prev = out.find((o) => o.extensions?.code === "missingRequiredArguments" && o.extensions?.name === m![1] && JSON.stringify(o.locations) === JSON.stringify(base.locations));
      if (prev) {
        const args = `${prev.extensions!.arguments}, ${m[2]}`;
        prev.extensions!.arguments = args;
        prev.message = `Field '${m[1]}' is missing required arguments: ${args}`;
      } else {
        out.push({ message: `Field '${m[1]}' is missing required arguments: ${m[2]}`, ...base, extensions: { code: "missingRequiredArguments", className: "Field", name: m[1], arguments: m[2] } });
      }
    } else if ((m = /^Field "(\w+)" of type "([^"]+)" must have a selection of subfields/.exec(msg))) {
      const named = m[2].replace(/[[\]!]/g, "");
      out.push({
        message: `Field must have selections (field '${m[1]}' returns ${named} but has no selections. Did you mean '${m[1]} { ... }'?)`,
        ...base,
        extensions: { code: "selectionMismatch", nodeName: `field '${m[1]}'`, typeName: named },
      });
    } else if ((m = /^Field "(\w+)" must not have a selection since type "([^"]+)" has no subfields\./.exec(msg))) {
      const named = m[2].replace(/[[\]!]/g, "");
      const kind = schema.getType(named)?.constructor.name === "GraphQLEnumType" ? "enums" : "scalars";
      const sel = node && node.kind === Kind.FIELD ? (node.selectionSet?.selections ?? []).map((s) => (s.kind === Kind.FIELD ? s.name.value : "...")) : [];
      out.push({
        message: `Selections can't be made on ${kind} (field '${m[1]}' returns ${named} but has selections [${sel.join(", ")}])`,
        ...base,
        extensions: { code: "selectionMismatch", nodeName: `field '${m[1]}'`, typeName: named },
      });
    } else if ((m = /^Unknown type "(\w+)"/.exec(msg))) {
      const parent = node ? index.get(node) : undefined;
      const varDef = doc.definitions.flatMap((d) => (d.kind === Kind.OPERATION_DEFINITION ? (d.variableDefinitions ?? []) : [])).find((v) => {
        let t = v.type;
        while (t.kind !== Kind.NAMED_TYPE) t = t.type;
        return t === node;
      });
      if (varDef) {
        out.push({ message: `${m[1]} isn't a defined input type (on $${varDef.variable.name.value})`, ...base, extensions: { code: "variableRequiresValidType", typeName: m[1], variableName: varDef.variable.name.value } });
      } else {
        out.push({ message: `No such type ${m[1]}, so it can't be a fragment condition`, locations: base.locations, ...(parent ? { path: parent.path } : {}), extensions: { code: "undefinedType", typeName: m[1] } });
      }
    } else if ((m = /^Variable "\$(\w+)" is never used/.exec(msg))) {
      out.push({ message: `Variable $${m[1]} is declared by ${operationLabel(ctx)} but not used`, ...base, extensions: { code: "variableNotUsed", variableName: m[1] } });
    } else if ((m = /^Variable "\$(\w+)" is not defined/.exec(msg))) {
      out.push({ message: `Variable $${m[1]} is used by ${operationLabel(ctx)} but not declared`, ...base, extensions: { code: "variableNotDefined", variableName: m[1] } });
    } else if ((m = /^Variable "\$(\w+)" of type "([^"]+)" used in position expecting type "([^"]+)"/.exec(msg))) {
      const usage = e.nodes?.[1] ? index.get(e.nodes[1]) : undefined;
      const nullability = m[2].replace(/!/g, "") === m[3].replace(/!/g, "");
      const kind = nullability ? "Nullability mismatch" : "Type mismatch";
      out.push({
        message: `${kind} on variable $${m[1]} and argument ${usage?.argumentName ?? "?"} (${m[2]} / ${m[3]})`,
        locations: base.locations,
        ...(usage ? { path: usage.path.slice(0, -1) } : {}),
        extensions: { code: "variableMismatch", variableName: m[1], typeName: m[2], argumentName: usage?.argumentName, errorMessage: kind },
      });
    } else if ((m = /^Fragment "(\w+)" is never used/.exec(msg))) {
      out.push({ message: `Fragment ${m[1]} was defined, but not used`, ...base, extensions: { code: "useAndDefineFragment", fragmentName: m[1] } });
    } else if ((m = /^Unknown fragment "(\w+)"/.exec(msg))) {
      out.push({ message: `Fragment ${m[1]} was used, but not defined`, ...base, extensions: { code: "useAndDefineFragment", fragmentName: m[1] } });
    } else if ((m = /^Fragment (?:"(\w+)" )?cannot be spread here as objects of type "(\w+)" can never be of type "(\w+)"/.exec(msg))) {
      out.push({ message: `Fragment ${m[1] ?? `on ${m[3]}`} can't be spread inside ${m[2]}`, ...base, extensions: { code: "fragmentSpreadTypeMismatch", typeName: m[2], fragmentName: m[1] ?? `... on ${m[3]}` } });
    } else if ((m = /^Unknown directive "@(\w+)"/.exec(msg))) {
      out.push({ message: `Directive @${m[1]} is not defined`, ...base, extensions: { code: "undefinedDirective", directiveName: m[1] } });
    } else if ((m = /^There can be only one operation named "(\w+)"/.exec(msg))) {
      out.push({ message: `Operation name "${m[1]}" must be unique`, ...base, extensions: { code: "operationNotUnique", operationName: m[1] } });
    } else if (ctx?.argumentName && /cannot represent|Expected value of type|does not exist in|Expected type/.test(msg)) {
      // A literal of the wrong type: graphql-ruby names the argument and the field.
      const value = node ? printValue(node) : "?";
      const argType = ctx.argumentType ?? "?";
      out.push({
        message: `Argument '${ctx.argumentName}' on Field '${ctx.fieldName}' has an invalid value (${value}). Expected type '${argType}'.`,
        locations: base.locations,
        path: ctx.path,
        extensions: { code: "argumentLiteralsIncompatible", typeName: "Field", argumentName: ctx.argumentName },
      });
    } else if ((m = /^Fields "(\w+)" conflict because (.*)\. Use different aliases/.exec(msg))) {
      out.push({ message: `Field '${m[1]}' has a field conflict: ${m[2]}`, ...base, extensions: { code: "fieldConflict", fieldName: m[1] } });
    } else {
      out.push({ message: msg, ...base });
    }
  }
  return out;
}

function printValue(node: ASTNode): string {
  switch (node.kind) {
    case Kind.STRING:
      return JSON.stringify(node.value);
    case Kind.INT:
    case Kind.FLOAT:
      return node.value;
    case Kind.BOOLEAN:
      return String(node.value);
    case Kind.ENUM:
      return node.value;
    case Kind.NULL:
      return "null";
    default:
      return "...";
  }
}

/** graphql-js syntax errors -> graphql-ruby's "syntax error, unexpected ... at [line, col]". */
export function toShopifyParseError(e: GraphQLError): ShopifyError {
  const loc = e.locations?.[0] ?? { line: 1, column: 1 };
  const found = /found (.+?)\.?$/.exec(e.message)?.[1] ?? "";
  const token: Record<string, string> = {
    '"{"': 'LCURLY ("{")',
    '"}"': 'RCURLY ("}")',
    '"("': 'LPAREN ("(")',
    '")"': 'RPAREN (")")',
    '"["': 'LBRACKET ("[")',
    '"]"': 'RBRACKET ("]")',
    '":"': 'COLON (":")',
    '"="': 'EQUALS ("=")',
    '"$"': 'VAR_SIGN ("$")',
    '"!"': 'BANG ("!")',
    '"..."': 'ELLIPSIS ("...")',
  };
  let what: string;
  if (found === "<EOF>" || found === "") what = "end of file";
  else if (token[found]) what = token[found];
  else if (/^Name /.test(found)) what = `IDENTIFIER (${found.slice(5)})`;
  else if (/^String /.test(found)) what = `STRING (${found.slice(7)})`;
  else if (/^Int /.test(found)) what = `INT (${JSON.stringify(found.slice(4))})`;
  else what = found;
  return { message: `syntax error, unexpected ${what} at [${loc.line}, ${loc.column}]`, locations: [{ line: loc.line, column: loc.column }] };
}

/**
 * Shopify's ID scalar only takes global ids: "1001" for an order id is a coercion error before
 * anything runs, for a literal and for a variable alike.
 */
export function globalIdErrors(schema: GraphQLSchema, doc: DocumentNode, op: OperationDefinitionNode, variables: Record<string, unknown>): ShopifyError[] {
  const index = indexDocument(doc, schema);
  const info = new TypeInfo(schema);
  const out: ShopifyError[] = [];
  const badVariables = new Set<string>();
  const bad = (v: unknown) => typeof v === "string" && !parseGid(v);
  const loc = (n: ASTNode) => (n.loc ? [{ line: n.loc.startToken.line, column: n.loc.startToken.column }] : undefined);
  const opNames = new Set(doc.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION || d === op));
  visit(
    { ...doc, definitions: doc.definitions.filter((d) => opNames.has(d)) },
    visitWithTypeInfo(info, {
      Argument(node) {
        const arg = info.getArgument();
        if (!arg || getNamedType(arg.type).name !== "ID") return;
        const values = node.value.kind === Kind.LIST ? node.value.values : [node.value];
        for (const v of values) {
          if (v.kind === Kind.STRING && bad(v.value)) {
            out.push({
              message: `Invalid global id '${v.value}'`,
              locations: loc(node),
              path: index.get(node)?.path,
              extensions: { code: "argumentLiteralsIncompatible", typeName: "CoercionError" },
            });
          } else if (v.kind === Kind.VARIABLE && !badVariables.has(v.name.value)) {
            const value = variables[v.name.value];
            const offending = (Array.isArray(value) ? value : [value]).find(bad);
            if (offending === undefined) continue;
            badVariables.add(v.name.value);
            const def = op.variableDefinitions?.find((d) => d.variable.name.value === v.name.value);
            out.push({
              message: `Variable $${v.name.value} of type ${def ? printTypeNode(def.type) : "ID"} was provided invalid value`,
              locations: def ? loc(def) : undefined,
              extensions: { value, problems: [{ path: Array.isArray(value) ? [value.indexOf(offending)] : [], explanation: `Invalid global id '${offending as string}'` }] },
            });
          }
        }
      },
    }),
  );
  return out;
}

function printTypeNode(t: import("graphql").TypeNode): string {
  if (t.kind === Kind.NON_NULL_TYPE) return `${printTypeNode(t.type)}!`;
  if (t.kind === Kind.LIST_TYPE) return `[${printTypeNode(t.type)}]`;
  return t.name.value;
}
