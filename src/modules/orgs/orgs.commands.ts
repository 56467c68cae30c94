import { randomUUID } from 'node:crypto';
import { and, count, eq, isNull, sql } from 'drizzle-orm';
import type { Deps } from '../../app/deps.ts';
import { conflict, notFound } from '../../http/errors.ts';
import type { Transaction } from '../../ports/store.ts';
import { recordAudit } from '../audit/audit.store.ts';
import { addDefaultNotificationSetup } from '../notify/notify.commands.ts';
import type { Actor, Role } from './actor.ts';
import { apiKeys, organizations, sessions, users } from './orgs.tables.ts';
import { credentialsChanged } from './credentials-cache.ts';
import { hashPassword, newToken, tokenHash } from './secrets.ts';

/** Serialises first-run setups: two racing requests must not both find the instance empty. */
const SETUP_LOCK = 0x73657475;

export interface NewOrganisation {
  organization: string;
  email: string;
  password: string;
  name?: string;
}

export interface RequestOrigin {
  ip: string;
  requestId: string;
}

/** First-run setup: allowed only while the instance has no user at all. */
export async function setupInstance(deps: Deps, input: NewOrganisation, origin: RequestOrigin) {
  const passwordHash = await hashPassword(input.password);
  return deps.store.write(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SETUP_LOCK})`);
    const [row] = await tx.select({ users: count() }).from(users);
    if ((row?.users ?? 0) > 0) throw conflict('This instance is already set up; sign in instead.');
    return createOrganisation(deps, tx, input, passwordHash, origin, 'organization.setup');
  });
}

/** Another organisation on a multi-tenant instance (VIGIL_ALLOW_SIGNUP). */
export async function signUp(deps: Deps, input: NewOrganisation, origin: RequestOrigin) {
  const passwordHash = await hashPassword(input.password);
  return deps.store.write(async (tx) => {
    await assertEmailFree(tx, input.email);
    return createOrganisation(deps, tx, input, passwordHash, origin, 'organization.signup');
  });
}

async function createOrganisation(deps: Deps, tx: Transaction, input: NewOrganisation, passwordHash: string, origin: RequestOrigin, action: string) {
  const now = deps.clock.now();
  const orgId = randomUUID();
  const userId = randomUUID();
  await tx.insert(organizations).values({ id: orgId, name: input.organization, createdAt: now });
  await tx.insert(users).values({
    id: userId,
    orgId,
    email: input.email,
    name: input.name ?? input.email.split('@')[0] ?? input.email,
    passwordHash,
    role: 'admin',
    createdAt: now,
    updatedAt: now,
  });
  const actor: Actor = { orgId, type: 'user', id: userId, userId, role: 'admin', ...origin };
  await addDefaultNotificationSetup(tx, { orgId, userId, email: input.email }, now);
  const key = await insertApiKey(tx, actor, userId, 'Created at setup', now);
  await recordAudit(tx, actor, action, { type: 'organization', id: orgId }, now, { email: input.email });
  return { organizationId: orgId, userId, token: key.token, apiKeyId: key.id };
}

export async function assertEmailFree(tx: Transaction, email: string): Promise<void> {
  const [taken] = await tx.select({ id: users.id }).from(users).where(sql`lower(${users.email}) = lower(${email})`);
  if (taken) throw conflict(`A user with the e-mail ${email} already exists.`);
}

async function insertApiKey(tx: Transaction, actor: Actor, userId: string, name: string, now: Date) {
  const token = newToken('vgl');
  const id = randomUUID();
  const row = { id, orgId: actor.orgId, userId, name, tokenPrefix: token.slice(0, 10), tokenHash: tokenHash(token), createdAt: now };
  await tx.insert(apiKeys).values(row);
  return { ...row, token, lastUsedAt: null, revokedAt: null };
}

export function createApiKey(deps: Deps, actor: Actor, name: string) {
  return deps.store.write(async (tx) => {
    const now = deps.clock.now();
    const key = await insertApiKey(tx, actor, actor.userId, name, now);
    await recordAudit(tx, actor, 'api_key.create', { type: 'api_key', id: key.id }, now, { name });
    return key;
  });
}

export async function revokeApiKey(deps: Deps, actor: Actor, id: string) {
  const hash = await deps.store.write(async (tx) => {
    const now = deps.clock.now();
    const [key] = await tx
      .update(apiKeys)
      .set({ revokedAt: now })
      .where(and(eq(apiKeys.id, id), eq(apiKeys.orgId, actor.orgId), isNull(apiKeys.revokedAt)))
      .returning({ tokenHash: apiKeys.tokenHash });
    if (!key) throw notFound('API key');
    await recordAudit(tx, actor, 'api_key.revoke', { type: 'api_key', id }, now);
    return key.tokenHash;
  });
  await credentialsChanged(deps, [hash]);
}

export interface NewUser {
  email: string;
  name: string;
  role: Role;
  password: string;
}

export async function createUser(deps: Deps, actor: Actor, input: NewUser) {
  const passwordHash = await hashPassword(input.password);
  return deps.store.write(async (tx) => {
    await assertEmailFree(tx, input.email);
    const now = deps.clock.now();
    const [user] = await tx
      .insert(users)
      .values({ id: randomUUID(), orgId: actor.orgId, email: input.email, name: input.name, role: input.role, passwordHash, createdAt: now, updatedAt: now })
      .returning();
    if (!user) throw new Error('insert returned no row');
    await addDefaultNotificationSetup(tx, { orgId: actor.orgId, userId: user.id, email: input.email }, now);
    await recordAudit(tx, actor, 'user.create', { type: 'user', id: user.id }, now, { email: input.email, role: input.role });
    return user;
  });
}

export function startSession(deps: Deps, user: { id: string; orgId: string; role: Role }, origin: RequestOrigin & { userAgent: string | null }) {
  return deps.store.write((tx) => insertSession(deps, tx, user, origin));
}

/** A browser session for the user, inside the caller's transaction; its token goes in the session cookie. */
export async function insertSession(deps: Deps, tx: Transaction, user: { id: string; orgId: string; role: Role }, origin: RequestOrigin & { userAgent: string | null }) {
  const now = deps.clock.now();
  const token = newToken('vgls');
  const id = randomUUID();
  const expiresAt = new Date(now.getTime() + deps.config.VIGIL_SESSION_TTL_HOURS * 3_600_000);
  await tx.insert(sessions).values({ id, orgId: user.orgId, userId: user.id, tokenHash: tokenHash(token), ip: origin.ip, userAgent: origin.userAgent, createdAt: now, expiresAt });
  const actor: Actor = { orgId: user.orgId, type: 'user', id: user.id, userId: user.id, role: user.role, ip: origin.ip, requestId: origin.requestId };
  await recordAudit(tx, actor, 'session.login', { type: 'session', id }, now);
  return { token, expiresAt };
}

/**
 * A wrong password for an existing account goes to its organisation's audit log (`session.login_failed`, the
 * account as actor and target, the caller's address), so admins see guessing. An unknown e-mail has no
 * organisation to tell.
 */
export function recordFailedSignIn(deps: Deps, user: { id: string; orgId: string; role: Role }, origin: RequestOrigin) {
  const actor: Actor = { orgId: user.orgId, type: 'user', id: user.id, userId: user.id, role: user.role, ip: origin.ip, requestId: origin.requestId };
  return deps.store.write((tx) => recordAudit(tx, actor, 'session.login_failed', { type: 'user', id: user.id }, deps.clock.now()));
}

export async function endSession(deps: Deps, actor: Actor, sessionId: string) {
  const ended = await deps.store.write(async (tx) => {
    const rows = await tx
      .delete(sessions)
      .where(and(eq(sessions.id, sessionId), eq(sessions.orgId, actor.orgId)))
      .returning({ tokenHash: sessions.tokenHash });
    await recordAudit(tx, actor, 'session.logout', { type: 'session', id: sessionId }, deps.clock.now());
    return rows.map((row) => row.tokenHash);
  });
  await credentialsChanged(deps, ended);
}
