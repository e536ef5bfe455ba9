import { clientChangesOperations } from "./client-changes-api.server";
import { clientsOperations } from "./clients-api.server";
import { eventsOperations } from "./events-api.server";
import { grantsOperations } from "./grants-api.server";
import { linksOperations } from "./links-api.server";
import type { ApiOperation } from "./operation";

/**
 * Every endpoint of /api/v1 (issue 18): the OpenAPI document, the reference page and the contract
 * test are built from this list. A new endpoint adds its resource module's operations here.
 */
export const API_OPERATIONS: ApiOperation[] = [
  ...clientsOperations,
  ...clientChangesOperations,
  ...linksOperations,
  ...grantsOperations,
  ...eventsOperations,
];
