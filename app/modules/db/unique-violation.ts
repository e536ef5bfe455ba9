/** Prisma's error for an insert a unique index refused: someone else made that row first. */
export const isUniqueViolation = (error: unknown): boolean => (error as { code?: string } | null)?.code === "P2002";
