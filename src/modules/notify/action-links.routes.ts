import { and, eq } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../../app/deps.ts';
import { AppError } from '../../http/errors.ts';
import { acknowledgeIncident, resolveIncident } from '../incidents/incidents.commands.ts';
import { incidents } from '../incidents/incidents.tables.ts';
import { type Actor, authorize } from '../orgs/actor.ts';
import { users } from '../orgs/orgs.tables.ts';
import { services } from '../services/services.tables.ts';
import type { ActionClaims, ActionLinks, LinkAction } from './action-links.ts';
import { alreadyPage, confirmPage, donePage, type PageIncident, problemPage } from './action-pages.ts';
import { incidentUrl } from './delivery.handler.ts';

/** Headers of every page: never cached or framed, and the token in the URL is never sent on as a Referer. */
const pageHeaders = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
};

const problems = {
  invalid: [400, 'This link is not valid', 'It may have been cut short by your mail program, or it was not made by this Vigil. Open the incident in Vigil instead.'],
  expired: [410, 'This link has expired', 'Acknowledge and resolve links work for 24 hours after the notification was sent. Open the incident in Vigil instead.'],
  gone: [404, 'Incident not found', 'The incident or your user no longer exists.'],
} as const;

/** Whether the incident is already where the action would take it (acknowledging a resolved one included). */
const alreadyDone = (action: LinkAction, status: string) => status === 'resolved' || (action === 'acknowledge' && status === 'acknowledged');

/**
 * One-click acknowledge/resolve links from notifications, outside /api/v1 (the signed token is the credential):
 * GET /actions/<token> shows the incident and a button, POST to the same URL acts as the user the link was
 * made for, with that user's current role, through the same commands as the API (audit and timeline included).
 */
export function actionLinkRoutes(deps: Deps, links: ActionLinks): FastifyPluginAsyncZod {
  return async (app) => {
    // The page's form posts an empty urlencoded body. Only this plugin accepts that type: the rest of the app
    // keeps its JSON-only parser (src/http/json-body.ts).
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 4096 }, (_request, _body, done) => done(null, {}));

    const send = (reply: FastifyReply, status: number, html: string) => reply.status(status).headers(pageHeaders).send(html);
    const problem = (reply: FastifyReply, kind: keyof typeof problems) => send(reply, problems[kind][0], problemPage(problems[kind][1], problems[kind][2]));

    // People, not programs, read these answers: errors are pages too (this handler covers this plugin only).
    app.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
      const status = typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
      if (status === 500) {
        request.log.error({ err: error, url: request.routeOptions.url }, 'action link failed');
        return send(reply, 500, problemPage('Something went wrong', 'Nothing was changed. Try again in a moment, or open the incident in Vigil.'));
      }
      return send(reply, status, problemPage('This request was refused', error.message));
    });

    /** The link's incident and user, scoped to the link's organisation; undefined when either is gone. */
    const load = async (claims: ActionClaims) => {
      const [row] = await deps.store.db
        .select({ incident: incidents, serviceName: services.name, user: { id: users.id, role: users.role } })
        .from(incidents)
        .innerJoin(users, and(eq(users.id, claims.user), eq(users.orgId, claims.org)))
        .leftJoin(services, and(eq(services.id, incidents.serviceId), eq(services.orgId, incidents.orgId)))
        .where(and(eq(incidents.id, claims.incident), eq(incidents.orgId, claims.org)));
      return row;
    };
    const pageIncident = (incident: { id: string; number: number; title: string; status: string }, serviceName: string | null): PageIncident => ({
      number: incident.number,
      title: incident.title,
      status: incident.status,
      serviceName: serviceName ?? 'a deleted service',
      url: incidentUrl(deps.publicUrl(), incident.id),
    });

    /** Checks the token and loads what it names, answering the problem page itself when something is wrong. */
    const resolveLink = async (request: FastifyRequest, reply: FastifyReply) => {
      const token = (request.params as Record<string, string | undefined>)['*'] ?? '';
      const checked = await links.check(token);
      if (!checked.ok) {
        await problem(reply, checked.reason);
        return undefined;
      }
      const row = await load(checked.claims);
      if (!row) {
        await problem(reply, 'gone');
        return undefined;
      }
      return { claims: checked.claims, ...row };
    };

    app.get('/actions/*', { schema: { hide: true } }, async (request, reply) => {
      const link = await resolveLink(request, reply);
      if (!link) return reply;
      const shown = pageIncident(link.incident, link.serviceName);
      return send(reply, 200, alreadyDone(link.claims.action, link.incident.status) ? alreadyPage(shown) : confirmPage(link.claims.action, shown));
    });

    app.post('/actions/*', { schema: { hide: true } }, async (request, reply) => {
      const link = await resolveLink(request, reply);
      if (!link) return reply;
      const { claims } = link;
      if (alreadyDone(claims.action, link.incident.status)) return send(reply, 200, alreadyPage(pageIncident(link.incident, link.serviceName)));
      const actor: Actor = { orgId: claims.org, type: 'user', id: link.user.id, userId: link.user.id, role: link.user.role, ip: request.ip, requestId: String(request.id) };
      try {
        authorize(actor, 'responder');
        const command = claims.action === 'acknowledge' ? acknowledgeIncident : resolveIncident;
        const updated = await command(deps, actor, claims.incident);
        request.log.info({ orgId: claims.org, incidentId: claims.incident, userId: actor.userId, action: claims.action }, 'incident changed by an action link');
        return send(reply, 200, donePage(claims.action, pageIncident(updated, link.serviceName)));
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        if (error.code === 'forbidden') return send(reply, 403, problemPage(`You cannot ${claims.action} incidents`, error.message));
        if (error.code === 'not_found') return problem(reply, 'gone');
        if (error.code === 'conflict') {
          // Resolved between the check above and the command (acknowledging a resolved incident is refused).
          const again = await load(claims);
          return again ? send(reply, 200, alreadyPage(pageIncident(again.incident, again.serviceName))) : problem(reply, 'gone');
        }
        throw error;
      }
    });
  };
}
