import type { AnyZodObject, ZodTypeAny } from "zod";

import type { ApiScope } from "./scopes";

/**
 * One endpoint of /api/v1, described by the zod schemas its route uses (issue 18): the OpenAPI
 * document and its reference page are generated from these, and the contract test checks real
 * answers against them. Each resource module exports its operations; operations.server.ts lists them all.
 */
export type ApiOperation = {
  /** Unique and stable: `listClients`, `createLink`, `revokeGrant`. */
  operationId: string;
  method: "get" | "post" | "patch";
  /** OpenAPI style, after /api/v1: `/clients/{clientId}`. */
  path: string;
  /** The resource it belongs to (the reference page's sections): `Clients`, `Links`, `Grants`, `Events`. */
  tag: string;
  summary: string;
  description?: string;
  scope: ApiScope;
  /** Path parameters (`{clientId}`). */
  params?: AnyZodObject;
  query?: AnyZodObject;
  /** The JSON body, for POST and PATCH. */
  body?: ZodTypeAny;
  /** The success answer: its status and its JSON body's schema. */
  success: { status: 200 | 201; description: string; schema: ZodTypeAny };
  /** Problem statuses this operation answers besides those of every call (401, 403, 429, 500). */
  problems: number[];
};
