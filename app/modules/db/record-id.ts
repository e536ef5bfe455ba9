import { z } from "zod";

/** A row's id as the database makes them (cuid: lowercase letters and digits); anything else names no row. */
export const RECORD_ID = /^[a-z0-9]{8,40}$/;

/** A record id in a query or a path, with the message the caller shows. */
export const recordId = (message: string) => z.string().regex(RECORD_ID, message);
