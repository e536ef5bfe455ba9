import type { Prisma, Session as SessionRow } from "@prisma/client";
import type { Adapter, DatabaseSession, DatabaseUser } from "lucia";

type Client = Prisma.TransactionClient;

function toDatabaseSession(row: SessionRow): DatabaseSession {
  return {
    id: row.id,
    userId: row.userId,
    expiresAt: row.expiresAt,
    attributes: {
      createdAt: row.createdAt,
      lastSeenAt: row.lastSeenAt,
      userAgent: row.userAgent,
      ipHash: row.ipHash,
      place: row.place,
      twoFactorAt: row.twoFactorAt,
      reauthAt: row.reauthAt,
    },
  };
}

/**
 * Lucia's session storage over our Prisma client (or a transaction). `@lucia-auth/adapter-prisma`
 * peers only on Prisma 4-5, and the interface is seven small methods (docs/decisions/005); the
 * last three methods are ours, for inactivity and "log out other sessions" (docs/decisions/019).
 */
export class PrismaSessionAdapter implements Adapter {
  constructor(private readonly db: Client) {}

  async getSessionAndUser(sessionId: string): Promise<[DatabaseSession | null, DatabaseUser | null]> {
    const row = await this.db.session.findUnique({
      where: { id: sessionId },
      include: { user: { select: { id: true, email: true, name: true } } },
    });
    if (!row) return [null, null];
    return [toDatabaseSession(row), { id: row.user.id, attributes: { email: row.user.email, name: row.user.name } }];
  }

  async getUserSessions(userId: string): Promise<DatabaseSession[]> {
    const rows = await this.db.session.findMany({ where: { userId } });
    return rows.map(toDatabaseSession);
  }

  async setSession(session: DatabaseSession): Promise<void> {
    const { createdAt, lastSeenAt, userAgent, ipHash, place, twoFactorAt, reauthAt } = session.attributes;
    await this.db.session.create({
      data: {
        id: session.id,
        userId: session.userId,
        expiresAt: session.expiresAt,
        createdAt,
        lastSeenAt,
        userAgent,
        ipHash,
        place,
        twoFactorAt,
        reauthAt,
      },
    });
  }

  async updateSessionExpiration(sessionId: string, expiresAt: Date): Promise<void> {
    await this.db.session.updateMany({ where: { id: sessionId }, data: { expiresAt } });
  }

  async deleteSession(sessionId: string): Promise<void> {
    await this.db.session.deleteMany({ where: { id: sessionId } });
  }

  async deleteUserSessions(userId: string): Promise<void> {
    await this.db.session.deleteMany({ where: { userId } });
  }

  async deleteExpiredSessions(): Promise<void> {
    await this.db.session.deleteMany({ where: { expiresAt: { lte: new Date() } } });
  }

  async touchSession(sessionId: string, lastSeenAt: Date): Promise<void> {
    await this.db.session.updateMany({ where: { id: sessionId }, data: { lastSeenAt } });
  }

  /** Ends every session of the user but `keepSessionId` (all of them without it); returns how many. */
  async deleteUserSessionsExcept(userId: string, keepSessionId?: string): Promise<number> {
    const { count } = await this.db.session.deleteMany({
      where: { userId, ...(keepSessionId ? { id: { not: keepSessionId } } : {}) },
    });
    return count;
  }

  /** Sessions past their lifetime or unused since `idleSince`, of one user or of everyone. */
  async deleteDeadSessions(now: Date, idleSince: Date, userId?: string): Promise<number> {
    const { count } = await this.db.session.deleteMany({
      where: { ...(userId ? { userId } : {}), OR: [{ expiresAt: { lte: now } }, { lastSeenAt: { lt: idleSince } }] },
    });
    return count;
  }
}
