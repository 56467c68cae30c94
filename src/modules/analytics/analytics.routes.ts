import { and, eq } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { Deps } from '../../app/deps.ts';
import { invalid, notFound } from '../../http/errors.ts';
import { actorOf } from '../orgs/authenticate.ts';
import { services } from '../services/services.tables.ts';
import { presentOverview } from './analytics.presenters.ts';
import { overviewQuery, overviewView, type OverviewView } from './analytics.schema.ts';
import { openRows, periodRows } from './analytics.store.ts';
import { overviewCache, overviewVersion } from './overview.cache.ts';
import { overviewRange } from './overview-range.ts';

const tags = ['Analytics'];

export function analyticsRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (api) => {
    api.get(
      '/analytics/overview',
      {
        schema: {
          tags,
          summary: 'Open incidents by service and severity, and incidents opened, MTTA and MTTR per local day or week',
          querystring: overviewQuery,
          response: { 200: overviewView },
        },
      },
      async (request) => overview(deps, actorOf(request).orgId, request.query),
    );
  };
}

/**
 * The overview, from the cache when nothing has changed: every change to the organisation's incidents draws a
 * new version for its key, and an open-ended range is keyed by its last bucket, so that a new day or week
 * starts a new answer.
 */
async function overview(deps: Deps, orgId: string, query: z.output<typeof overviewQuery>): Promise<OverviewView> {
  const range = overviewRange({ since: query.since, until: query.until, bucket: query.bucket, timeZone: query.time_zone }, deps.clock.now());
  const serviceId = query.service_id;
  if (serviceId) {
    const [service] = await deps.store.db.select({ id: services.id }).from(services).where(and(eq(services.id, serviceId), eq(services.orgId, orgId)));
    if (!service) throw notFound('Service');
  }
  const version = await overviewVersion(deps.cache, orgId);
  const end = range.openEnded ? `now@${range.lastBucketStart.toISOString()}` : range.until.toISOString();
  const key = [orgId, version, range.bucket, range.timeZone, serviceId ?? '', range.since.toISOString(), end].join('|');
  return overviewCache(deps.cache).get(key, async () => {
    try {
      const [periods, open] = await Promise.all([periodRows(deps.store.db, orgId, range, serviceId), openRows(deps.store.db, orgId, serviceId)]);
      return { value: presentOverview(range, serviceId, periods, open) };
    } catch (error) {
      // Luxon (the runtime's zone data) and the database's may differ about a rare zone name.
      if (unknownTimeZone(error)) throw invalid('time_zone', 'is not a time zone the database knows');
      throw error;
    }
  });
}

/** PostgreSQL's "time zone … not recognized" (SQLSTATE 22023), however the driver wraps it. */
function unknownTimeZone(error: unknown): boolean {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    if ((cause as { code?: unknown }).code === '22023' && /time zone/i.test(cause.message)) return true;
  }
  return false;
}
