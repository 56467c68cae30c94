import { eq } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../app/deps.ts';
import { pageQuery } from '../../http/validation.ts';
import { actorOf } from '../orgs/authenticate.ts';
import { changeView } from './changes.presenters.ts';
import { pageOfChanges } from './changes.store.ts';
import { changes } from './changes.tables.ts';

const changeListQuery = z.strictObject({
  ...pageQuery,
  service_id: z.uuid().optional(),
});

export function changeRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (api) => {
    api.get(
      '/changes',
      { schema: { tags: ['Changes'], summary: 'Change events, newest first', querystring: changeListQuery, response: { 200: z.object({ changes: z.array(changeView), next_cursor: z.string().nullable() }) } } },
      async (request) => {
        const q = request.query;
        return pageOfChanges(deps.store.db, actorOf(request).orgId, q.service_id ? eq(changes.serviceId, q.service_id) : undefined, q);
      },
    );
  };
}
