import { and, eq } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../app/deps.ts';
import { credentialAttempts, limitCredentialAttempts } from '../../http/credential-attempts.ts';
import { forbidden, notFound } from '../../http/errors.ts';
import { uuidParam } from '../../http/validation.ts';
import { type Actor, authorize } from './actor.ts';
import { actorOf } from './authenticate.ts';
import { presentUser } from './orgs.presenters.ts';
import { userView } from './orgs.schema.ts';
import { users } from './orgs.tables.ts';
import { changePassword, deleteUser, updateUser } from './users.commands.ts';
import { passwordChangeBody, userChangesBody } from './users.schema.ts';

const tags = ['Organisation and access'];

/** One user: read by anyone in the organisation, changed by admins (or by themselves, their name), deleted by admins. */
export function userRoutes(deps: Deps): FastifyPluginAsyncZod {
  const findUser = async (actor: Actor, id: string) => {
    const [user] = await deps.store.db.select().from(users).where(and(eq(users.id, id), eq(users.orgId, actor.orgId)));
    if (!user) throw notFound('User');
    return user;
  };

  return async (api) => {
    await limitCredentialAttempts(api, deps);
    api.get('/users/:id', { schema: { tags, summary: 'A user of the organisation', params: uuidParam, response: { 200: z.object({ user: userView }) } } }, async (request) => ({
      user: presentUser(await findUser(actorOf(request), request.params.id)),
    }));

    api.patch(
      '/users/:id',
      { schema: { tags, summary: "Change a user's name or role (admin); anyone may change their own name", params: uuidParam, body: userChangesBody, response: { 200: z.object({ user: userView }) } } },
      async (request) => {
        const actor = actorOf(request);
        await findUser(actor, request.params.id);
        if (actor.role !== 'admin') {
          if (request.body.role !== undefined) throw forbidden(`Only admins change roles; you have ${actor.role}.`);
          if (request.params.id !== actor.userId) throw forbidden(`Only admins change other users; you have ${actor.role}.`);
        }
        return { user: presentUser(await updateUser(deps, actor, request.params.id, request.body)) };
      },
    );

    api.delete(
      '/users/:id',
      { schema: { tags, summary: 'Delete a user (admin): ends their sessions, revokes their API keys, takes them off schedules and escalation policies', params: uuidParam, response: { 204: z.null() } } },
      async (request, reply) => {
        const actor = actorOf(request);
        authorize(actor, 'admin');
        await deleteUser(deps, actor, request.params.id);
        return reply.status(204).send(null);
      },
    );

    api.post(
      '/me/password',
      { config: { rateLimit: credentialAttempts(deps, (request) => `password:${actorOf(request).userId}`) }, schema: { tags, summary: 'Change your password; your other browser sessions end', body: passwordChangeBody, response: { 204: z.null() } } },
      async (request, reply) => {
        await changePassword(deps, actorOf(request), request.body);
        return reply.status(204).send(null);
      },
    );
  };
}
