import { z } from "zod";

/**
 * The RFC 9457 problem document every /api/v1 error is (docs/decisions/049), as a schema: the
 * OpenAPI document describes each problem answer with it and the contract test checks real ones.
 */
export const FieldProblemSchema = z.object({
  field: z.string().describe("The wrong field by its path in the body or query, e.g. `sites[0].hotjarSiteId`."),
  message: z.string().describe("What is wrong with it, for a person."),
});

export const ProblemSchema = z.object({
  type: z.string().describe('Always "about:blank": the status says the kind of problem.'),
  title: z.string().describe("The status's HTTP phrase, e.g. `Unprocessable Content`."),
  status: z.number().int().describe("The HTTP status, repeated."),
  detail: z.string().optional().describe("What went wrong in this call, for a person."),
  errors: z.array(FieldProblemSchema).optional().describe("Each wrong field (422 only)."),
});
