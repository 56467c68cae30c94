import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../app/deps.ts';
import { uuidParam } from '../../http/validation.ts';
import type { Mailer } from '../../ports/mailer.ts';
import { authorize } from './actor.ts';
import { actorOf, setSessionCookie } from './authenticate.ts';
import { acceptInvitation, acceptUrl, createInvitation, revokeInvitation, sendInvitation, usableInvitation } from './invitations.commands.ts';
import { presentInvitation } from './invitations.presenters.ts';
import { acceptedInvitation, acceptInvitationBody, createdInvitation, invitationPreview, invitationView, newInvitationBody, tokenParam } from './invitations.schema.ts';
import { invitations } from './invitations.tables.ts';
import { presentUser } from './orgs.presenters.ts';

const tags = ['Organisation and access'];
const MAX_LISTED = 1000;

/** Admins invite by e-mail; the invitee accepts on a public page with the link's token. */
export function invitationRoutes(deps: Deps, mailer: Mailer): FastifyPluginAsyncZod {
  return async (api) => {
    api.post(
      '/invitations',
      { schema: { tags, summary: 'Invite someone by e-mail (admin); the accept URL is shown only in this answer', body: newInvitationBody, response: { 201: createdInvitation } } },
      async (request, reply) => {
        const actor = actorOf(request);
        authorize(actor, 'admin');
        const created = await createInvitation(deps, actor, request.body);
        const emailStatus = await sendInvitation(deps, mailer, created);
        return reply.status(201).send({ ...presentInvitation(created.invitation, deps.clock.now()), accept_url: acceptUrl(deps, created.token), email_status: emailStatus });
      },
    );

    api.get('/invitations', { schema: { tags, summary: 'Pending invitations (admin), newest first', response: { 200: z.object({ invitations: z.array(invitationView) }) } } }, async (request) => {
      const actor = actorOf(request);
      authorize(actor, 'admin');
      const now = deps.clock.now();
      const rows = await deps.store.db
        .select()
        .from(invitations)
        .where(and(eq(invitations.orgId, actor.orgId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, now)))
        .orderBy(desc(invitations.createdAt))
        .limit(MAX_LISTED);
      return { invitations: rows.map((row) => presentInvitation(row, now)) };
    });

    api.delete('/invitations/:id', { schema: { tags, summary: 'Revoke an invitation (admin): its link stops working', params: uuidParam, response: { 204: z.null() } } }, async (request, reply) => {
      const actor = actorOf(request);
      authorize(actor, 'admin');
      await revokeInvitation(deps, actor, request.params.id);
      return reply.status(204).send(null);
    });

    api.get(
      '/invitations/accept/:token',
      { config: { public: true }, schema: { tags, summary: 'What an invitation is for, for its accept page (no sign-in)', security: [], params: tokenParam, response: { 200: invitationPreview } } },
      async (request) => {
        const { invitation, organizationName } = await usableInvitation(deps.store.db, request.params.token, deps.clock.now());
        return { organization_name: organizationName, email: invitation.email, name: invitation.name, role: invitation.role, expires_at: invitation.expiresAt.toISOString() };
      },
    );

    api.post(
      '/invitations/accept/:token',
      {
        config: { public: true },
        schema: { tags, summary: 'Accept an invitation: creates your user and signs you in (sets the session cookie)', security: [], params: tokenParam, body: acceptInvitationBody, response: { 201: acceptedInvitation } },
      },
      async (request, reply) => {
        const origin = { ip: request.ip, requestId: String(request.id), userAgent: request.headers['user-agent'] ?? null };
        const { user, session } = await acceptInvitation(deps, request.params.token, request.body, origin);
        setSessionCookie(deps, reply, session);
        return reply.status(201).send({ user: presentUser(user) });
      },
    );
  };
}
