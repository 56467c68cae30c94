import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../app/deps.ts';
import { AppError } from '../../http/errors.ts';
import type { Actor } from './actor.ts';
import { apiKeys, sessions, users } from './orgs.tables.ts';
import { knownCredential } from './credentials-cache.ts';
import { tokenHash } from './secrets.ts';

export const SESSION_COOKIE = 'vigil_session';
/** last_used_at is refreshed at most this often, so reads do not turn into writes. */
const LAST_USED_PRECISION_MS = 60_000;

declare module 'fastify' {
  interface FastifyRequest {
    actor?: Actor;
  }
}

/** Resolves the caller from `Authorization: Bearer <API key>` or the session cookie; 401 otherwise. */
export async function authenticate(deps: Deps, request: FastifyRequest): Promise<Actor> {
  const origin = { ip: request.ip, requestId: String(request.id) };
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) throw new AppError('unauthorized', 'The Authorization header must be "Bearer <API key>".');
    return apiKeyActor(deps, match[1], origin);
  }
  const cookie = request.cookies[SESSION_COOKIE];
  if (cookie) return sessionActor(deps, cookie, origin);
  throw new AppError('unauthorized', 'Authenticate with "Authorization: Bearer <API key>" or sign in.');
}

/** The actor of an API key given some other way than the header (the live stream's `token` parameter). */
export async function apiKeyActor(deps: Deps, token: string, origin: { ip: string; requestId: string }): Promise<Actor> {
  const hash = tokenHash(token);
  const key = await knownCredential(deps, hash, async () => {
    const [row] = await deps.store.db
      .select({ id: apiKeys.id, orgId: apiKeys.orgId, userId: users.id, role: users.role, lastUsedAt: apiKeys.lastUsedAt })
      .from(apiKeys)
      .innerJoin(users, eq(users.id, apiKeys.userId))
      .where(and(eq(apiKeys.tokenHash, hash), isNull(apiKeys.revokedAt)));
    return row ? { kind: 'api_key', id: row.id, orgId: row.orgId, userId: row.userId, role: row.role, lastUsedAt: row.lastUsedAt?.getTime() ?? null } : null;
  });
  if (key?.kind !== 'api_key') throw new AppError('unauthorized', 'The API key is not valid or has been revoked.');
  const now = deps.clock.now();
  if (!key.lastUsedAt || now.getTime() - key.lastUsedAt > LAST_USED_PRECISION_MS) {
    // Noted on the cached value first: requests arriving meanwhile (a reconnecting crowd) do not write it too.
    key.lastUsedAt = now.getTime();
    await deps.store.write((tx) => tx.update(apiKeys).set({ lastUsedAt: now }).where(eq(apiKeys.id, key.id)));
  }
  return { orgId: key.orgId, type: 'api_key', id: key.id, userId: key.userId, role: key.role, ...origin };
}

async function sessionActor(deps: Deps, token: string, origin: { ip: string; requestId: string }): Promise<Actor> {
  const hash = tokenHash(token);
  const session = await knownCredential(deps, hash, async () => {
    const [row] = await deps.store.db
      .select({ sessionId: sessions.id, orgId: sessions.orgId, userId: users.id, role: users.role, expiresAt: sessions.expiresAt })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(and(eq(sessions.tokenHash, hash), gt(sessions.expiresAt, sql`${deps.clock.now().toISOString()}::timestamptz`)));
    return row ? { kind: 'session', id: row.sessionId, orgId: row.orgId, userId: row.userId, role: row.role, expiresAt: row.expiresAt.getTime() } : null;
  });
  if (session?.kind !== 'session') throw new AppError('unauthorized', 'Your session has ended; sign in again.');
  return { orgId: session.orgId, type: 'user', id: session.userId, userId: session.userId, role: session.role, sessionId: session.id, ...origin };
}

/** Hands the browser its session: HTTP-only, SameSite=Strict, Secure when Vigil is reached over HTTPS. */
export function setSessionCookie(deps: Deps, reply: FastifyReply, session: { token: string; expiresAt: Date }): void {
  reply.setCookie(SESSION_COOKIE, session.token, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: deps.publicUrl().startsWith('https:'),
    expires: session.expiresAt,
  });
}

export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('unauthorized', 'Not authenticated.');
  return request.actor;
}
