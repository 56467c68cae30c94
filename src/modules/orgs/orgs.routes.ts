import { and, desc, eq, sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../app/deps.ts';
import { credentialAttempts, limitCredentialAttempts } from '../../http/credential-attempts.ts';
import { AppError, notFound } from '../../http/errors.ts';
import { uuidParam } from '../../http/validation.ts';
import { listAudit } from '../audit/audit.store.ts';
import { authorize } from './actor.ts';
import { actorOf, SESSION_COOKIE, setSessionCookie } from './authenticate.ts';
import { createApiKey, createUser, endSession, recordFailedSignIn, revokeApiKey, setupInstance, signUp, startSession } from './orgs.commands.ts';
import { presentApiKey, presentAuditEntry, presentUser } from './orgs.presenters.ts';
import { apiKeyView, auditEntryView, createdApiKey, loginBody, newApiKeyBody, newOrganisationBody, newUserBody, setupResponse, userView } from './orgs.schema.ts';
import { apiKeys, users } from './orgs.tables.ts';
import { passwordDecoy, verifyPassword } from './secrets.ts';

const tags = ['Organisation and access'];

export function orgRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (api) => {
    const origin = (request: { ip: string; id: string }) => ({ ip: request.ip, requestId: String(request.id) });
    await limitCredentialAttempts(api, deps);
    const byAddress = credentialAttempts(deps, (request) => `setup:${request.ip}`);

    api.post(
      '/setup',
      { config: { public: true, rateLimit: byAddress }, schema: { tags, summary: 'First-run setup: the organisation and its admin', security: [], body: newOrganisationBody, response: { 201: setupResponse } } },
      async (request, reply) => {
        const created = await setupInstance(deps, request.body, origin(request));
        return reply.status(201).send({ token: created.token, organization_id: created.organizationId, user_id: created.userId });
      },
    );

    api.post(
      '/signup',
      { config: { public: true, rateLimit: byAddress }, schema: { tags, summary: 'Create another organisation (when VIGIL_ALLOW_SIGNUP is on)', security: [], body: newOrganisationBody, response: { 201: setupResponse } } },
      async (request, reply) => {
        if (!deps.config.VIGIL_ALLOW_SIGNUP) throw new AppError('forbidden', 'Sign-up is turned off on this instance (VIGIL_ALLOW_SIGNUP).');
        const created = await signUp(deps, request.body, origin(request));
        return reply.status(201).send({ token: created.token, organization_id: created.organizationId, user_id: created.userId });
      },
    );

    api.post(
      '/auth/login',
      {
        // Keyed by address and e-mail: one address cannot try many passwords on an account, nor lock others out of theirs.
        config: { public: true, rateLimit: credentialAttempts(deps, (request) => `sign-in:${request.ip}:${(request.body as { email: string }).email.toLowerCase()}`) },
        schema: { tags, summary: 'Sign in; sets the session cookie', security: [], body: loginBody, response: { 200: z.object({ user: userView }) } },
      },
      async (request, reply) => {
        const [user] = await deps.store.db.select().from(users).where(sql`lower(${users.email}) = lower(${request.body.email})`);
        const valid = user ? await verifyPassword(user.passwordHash, request.body.password) : (await verifyPassword(await passwordDecoy, request.body.password), false);
        if (user && !valid) {
          // Not waited for: a wrong password answers as fast as an unknown e-mail (no telling which accounts exist).
          recordFailedSignIn(deps, user, origin(request)).catch((error: unknown) => request.log.error({ err: error }, 'could not record a failed sign-in'));
        }
        if (!user || !valid) throw new AppError('unauthorized', 'The e-mail or password is wrong.');
        const session = await startSession(deps, user, { ...origin(request), userAgent: request.headers['user-agent'] ?? null });
        setSessionCookie(deps, reply, session);
        return { user: presentUser(user) };
      },
    );

    api.post('/auth/logout', { schema: { tags, summary: 'End the browser session', response: { 204: z.null() } } }, async (request, reply) => {
      const actor = actorOf(request);
      if (!actor.sessionId) throw new AppError('validation_failed', 'Only a browser session can log out; revoke an API key instead.');
      await endSession(deps, actor, actor.sessionId);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    });

    api.get('/me', { schema: { tags, summary: 'The caller', response: { 200: z.object({ user: userView }) } } }, async (request) => {
      const actor = actorOf(request);
      const [user] = await deps.store.db.select().from(users).where(and(eq(users.id, actor.userId), eq(users.orgId, actor.orgId)));
      if (!user) throw notFound('User');
      return { user: presentUser(user) };
    });

    api.get('/users', { schema: { tags, summary: 'Users of the organisation', response: { 200: z.object({ users: z.array(userView) }) } } }, async (request) => {
      const actor = actorOf(request);
      const rows = await deps.store.db.select().from(users).where(eq(users.orgId, actor.orgId)).orderBy(users.createdAt).limit(1000);
      return { users: rows.map(presentUser) };
    });

    api.post('/users', { schema: { tags, summary: 'Add a user (admin)', body: newUserBody, response: { 201: z.object({ user: userView }) } } }, async (request, reply) => {
      const actor = actorOf(request);
      authorize(actor, 'admin');
      const user = await createUser(deps, actor, request.body);
      return reply.status(201).send({ user: presentUser(user) });
    });

    api.get('/api-keys', { schema: { tags, summary: "The caller's API keys", response: { 200: z.object({ api_keys: z.array(apiKeyView) }) } } }, async (request) => {
      const actor = actorOf(request);
      const rows = await deps.store.db
        .select()
        .from(apiKeys)
        .where(and(eq(apiKeys.orgId, actor.orgId), eq(apiKeys.userId, actor.userId)))
        .orderBy(desc(apiKeys.createdAt))
        .limit(1000);
      return { api_keys: rows.map(presentApiKey) };
    });

    api.post('/api-keys', { schema: { tags, summary: 'Create an API key; its token is shown only in this answer', body: newApiKeyBody, response: { 201: createdApiKey } } }, async (request, reply) => {
      const key = await createApiKey(deps, actorOf(request), request.body.name);
      return reply.status(201).send({ ...presentApiKey(key), token: key.token });
    });

    api.delete('/api-keys/:id', { schema: { tags, summary: 'Revoke an API key', params: uuidParam, response: { 204: z.null() } } }, async (request, reply) => {
      const actor = actorOf(request);
      const [key] = await deps.store.db.select({ userId: apiKeys.userId }).from(apiKeys).where(and(eq(apiKeys.id, request.params.id), eq(apiKeys.orgId, actor.orgId)));
      if (!key) throw notFound('API key');
      if (key.userId !== actor.userId) authorize(actor, 'admin');
      await revokeApiKey(deps, actor, request.params.id);
      return reply.status(204).send(null);
    });

    api.get(
      '/audit',
      {
        schema: {
          tags,
          summary: 'Audit log of the organisation (admin), newest first',
          querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(100), before_id: z.coerce.number().int().positive().optional() }),
          response: { 200: z.object({ entries: z.array(auditEntryView), next_before_id: z.number().nullable() }) },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        authorize(actor, 'admin');
        const rows = await listAudit(deps.store.db, actor.orgId, request.query.limit, request.query.before_id);
        const last = rows.at(-1);
        return { entries: rows.map(presentAuditEntry), next_before_id: rows.length === request.query.limit && last ? last.id : null };
      },
    );
  };
}
