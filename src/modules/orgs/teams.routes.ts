import { and, asc, eq } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../app/deps.ts';
import { forbidden, notFound } from '../../http/errors.ts';
import { uuidParam } from '../../http/validation.ts';
import { type Actor, authorize } from './actor.ts';
import { actorOf } from './authenticate.ts';
import { createTeam, deleteTeam, putMember, removeMember, updateTeam } from './teams.commands.ts';
import { presentTeam } from './teams.presenters.ts';
import { memberBody, memberParams, newTeamBody, teamChangesBody, teamView } from './teams.schema.ts';
import { loadMembers, managesTeam } from './teams.store.ts';
import { teams } from './teams.tables.ts';

const tags = ['Teams'];
const MAX_LISTED = 1000;

/** Teams: everyone reads them; admins create and delete them; admins and the team's managers change them. */
export function teamRoutes(deps: Deps): FastifyPluginAsyncZod {
  const view = async (orgId: string, id: string) => {
    const [team] = await deps.store.db.select().from(teams).where(and(eq(teams.id, id), eq(teams.orgId, orgId)));
    if (!team) throw notFound('Team');
    return presentTeam(team, (await loadMembers(deps.store.db, orgId, [id])).get(id) ?? []);
  };
  /** 404 for a team of another organisation, then 403 unless admin or a manager of the team. */
  const mayChange = async (actor: Actor, id: string) => {
    await view(actor.orgId, id);
    if (actor.role === 'admin') return;
    if (!(await managesTeam(deps.store.db, actor.orgId, id, actor.userId))) throw forbidden(`Only admins and the team's managers change a team; you have ${actor.role}.`);
  };

  return async (api) => {
    api.post('/teams', { schema: { tags, summary: 'Create a team (admin)', body: newTeamBody, response: { 201: teamView } } }, async (request, reply) => {
      const actor = actorOf(request);
      authorize(actor, 'admin');
      return reply.status(201).send(presentTeam(await createTeam(deps, actor, request.body), []));
    });

    api.get('/teams', { schema: { tags, summary: 'Teams of the organisation with their members, by name', response: { 200: z.object({ teams: z.array(teamView) }) } } }, async (request) => {
      const { orgId } = actorOf(request);
      const rows = await deps.store.db.select().from(teams).where(eq(teams.orgId, orgId)).orderBy(asc(teams.name)).limit(MAX_LISTED);
      const members = await loadMembers(
        deps.store.db,
        orgId,
        rows.map((row) => row.id),
      );
      return { teams: rows.map((row) => presentTeam(row, members.get(row.id) ?? [])) };
    });

    api.get('/teams/:id', { schema: { tags, summary: 'A team with its members', params: uuidParam, response: { 200: teamView } } }, async (request) => view(actorOf(request).orgId, request.params.id));

    api.patch('/teams/:id', { schema: { tags, summary: "Rename a team or change its description (admin or the team's manager)", params: uuidParam, body: teamChangesBody, response: { 200: teamView } } }, async (request) => {
      const actor = actorOf(request);
      await mayChange(actor, request.params.id);
      await updateTeam(deps, actor, request.params.id, request.body);
      return view(actor.orgId, request.params.id);
    });

    api.delete('/teams/:id', { schema: { tags, summary: 'Delete a team (admin); its services keep running without a team', params: uuidParam, response: { 204: z.null() } } }, async (request, reply) => {
      const actor = actorOf(request);
      authorize(actor, 'admin');
      await deleteTeam(deps, actor, request.params.id);
      return reply.status(204).send(null);
    });

    api.put(
      '/teams/:id/members/:userId',
      { schema: { tags, summary: "Add a user to a team or change their team role (admin or the team's manager)", params: memberParams, body: memberBody, response: { 200: teamView } } },
      async (request) => {
        const actor = actorOf(request);
        await mayChange(actor, request.params.id);
        await putMember(deps, actor, request.params.id, request.params.userId, request.body.role);
        return view(actor.orgId, request.params.id);
      },
    );

    api.delete(
      '/teams/:id/members/:userId',
      { schema: { tags, summary: "Take a user out of a team (admin or the team's manager)", params: memberParams, response: { 204: z.null() } } },
      async (request, reply) => {
        const actor = actorOf(request);
        await mayChange(actor, request.params.id);
        await removeMember(deps, actor, request.params.id, request.params.userId);
        return reply.status(204).send(null);
      },
    );
  };
}
