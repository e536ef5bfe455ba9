import type { OpenAPIObject } from "openapi3-ts/oas31";

// The reference page's reading of the OpenAPI document (issue 18): the page shows what the
// document says, so it cannot tell a program something else than /api/v1/openapi.json.

export type ReferenceField = { name: string; type: string; required: boolean; description: string };
export type ReferenceOperation = {
  operationId: string;
  method: string;
  path: string;
  summary: string;
  description: string;
  scope: string;
  parameters: (ReferenceField & { in: string })[];
  body: ReferenceField[];
  success: { status: string; description: string; fields: ReferenceField[] };
  problems: { status: string; description: string }[];
};
export type ApiReference = {
  title: string;
  description: string;
  serverUrl: string;
  /** The problem statuses every operation answers, said once on the page. */
  commonProblems: string[];
  commonProblemDescriptions: { status: string; description: string }[];
  tags: { name: string; operations: ReferenceOperation[] }[];
};

type Schema = {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  description?: string;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  maxItems?: number;
};
type Parameter = { $ref?: string; name: string; in: string; required?: boolean; description?: string; schema?: Schema };
type Operation = {
  operationId: string;
  tags?: string[];
  summary?: string;
  description?: string;
  "x-scope"?: string;
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: Schema }> }>;
};

const METHODS = ["get", "post", "patch", "put", "delete"] as const;

export function apiReference(doc: OpenAPIObject): ApiReference {
  const deref = <T>(node: T & { $ref?: string }): T => (node.$ref ? deref(pointer(doc, node.$ref) as T & { $ref?: string }) : node);
  const operations = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    METHODS.flatMap((method) => {
      const op = (item as Record<string, Operation | undefined>)[method];
      return op ? [{ tags: op.tags ?? ["Other"], reference: readOperation(method, path, op) }] : [];
    }),
  );

  function readOperation(method: string, path: string, op: Operation): ReferenceOperation {
    const [successStatus, success] = Object.entries(op.responses).find(([status]) => status.startsWith("2"))!;
    return {
      operationId: op.operationId,
      method: method.toUpperCase(),
      path,
      summary: op.summary ?? op.operationId,
      description: op.description ?? "",
      scope: op["x-scope"] ?? "",
      parameters: (op.parameters ?? []).map(deref).map((p) => {
        const schema = p.schema ? deref(p.schema) : undefined;
        return {
          name: p.name,
          in: p.in,
          type: schema ? typeOf(schema) : "string",
          required: Boolean(p.required),
          description: withDefault(p.description ?? schema?.description ?? "", schema),
        };
      }),
      body: op.requestBody ? fieldsOf(op.requestBody.content["application/json"]?.schema) : [],
      success: {
        status: successStatus,
        description: success!.description,
        fields: fieldsOf(success!.content?.["application/json"]?.schema),
      },
      problems: Object.entries(op.responses)
        .filter(([status]) => !status.startsWith("2"))
        .map(([status, r]) => ({ status, description: r.description })),
    };
  }

  /** An object's fields, nested ones by their path (`sites[].name`, `data.id`). */
  function fieldsOf(schema: Schema | undefined, prefix = ""): ReferenceField[] {
    if (!schema) return [];
    const s = deref(schema);
    const item = s.items ? deref(s.items) : undefined;
    if (item?.properties) return fieldsOf(item, `${prefix}[]`);
    if (!s.properties) return [];
    return Object.entries(s.properties).flatMap(([key, raw]) => {
      const field = deref(raw);
      const name = prefix ? `${prefix}.${key}`.replace(/^\./, "") : key;
      const own: ReferenceField = {
        name,
        type: typeOf(field),
        required: (s.required ?? []).includes(key),
        description: withDefault(field.description ?? raw.description ?? "", field),
      };
      const nested = field.properties || (field.items && deref(field.items).properties) ? fieldsOf(field, name) : [];
      return [own, ...nested];
    });
  }

  function typeOf(raw: Schema): string {
    const s = deref(raw);
    const alternatives = s.anyOf ?? s.oneOf;
    if (alternatives) {
      const parts = alternatives.map(typeOf);
      return [...new Set(parts)].join(" or ");
    }
    if (s.enum)
      return s.enum.length === 1 && s.enum[0] === "" ? "empty string" : `one of ${s.enum.map((v) => JSON.stringify(v)).join(", ")}`;
    const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
    return (
      types
        .map((t) => {
          if (t === "array")
            return `array of ${s.items ? typeOf(s.items) : "any"}${s.maxItems !== undefined ? ` (at most ${s.maxItems})` : ""}`;
          if (t === "string" && s.format) return `string (${s.format})`;
          if ((t === "integer" || t === "number") && s.minimum !== undefined && s.maximum !== undefined)
            return `${t} ${s.minimum} to ${s.maximum}`;
          if (t === "string" && s.maxLength !== undefined) return `string (at most ${s.maxLength})`;
          return t;
        })
        .join(" or ") || (raw.$ref ? raw.$ref.split("/").pop()! : "any")
    );
  }

  const tagNames = [...new Set(operations.flatMap((o) => o.tags))];
  const first = operations[0]?.reference.problems ?? [];
  const common = first.filter((p) => operations.every((o) => o.reference.problems.some((q) => q.status === p.status)));
  return {
    commonProblems: common.map((p) => p.status),
    commonProblemDescriptions: common,
    title: doc.info.title,
    description: doc.info.description ?? "",
    serverUrl: doc.servers?.[0]?.url ?? "",
    tags: tagNames.map((name) => ({ name, operations: operations.filter((o) => o.tags.includes(name)).map((o) => o.reference) })),
  };
}

function withDefault(description: string, schema: Schema | undefined): string {
  if (schema?.default === undefined) return description;
  return `${description}${description ? " " : ""}Default: ${JSON.stringify(schema.default)}.`;
}

/** The node a local `$ref` (`#/components/schemas/Problem`) points to in the document. */
export function pointer(doc: OpenAPIObject, ref: string): unknown {
  return ref
    .replace(/^#\//, "")
    .split("/")
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], doc);
}
