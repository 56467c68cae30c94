import type { Logger } from 'pino';
import { openStore } from '../adapters/open-store.ts';
import { type Config, publicUrl } from '../config/config.ts';
import { apiScope } from '../http/api-scope.ts';
import { healthRoutes } from '../http/health.routes.ts';
import { createHttpServer } from '../http/server.ts';
import { changeRoutes } from '../modules/changes/changes.routes.ts';
import { EventIngest } from '../modules/events/event-ingest.ts';
import { eventRoutes } from '../modules/events/events.routes.ts';
import { ingestRoutes } from '../modules/events/ingest.routes.ts';
import { Folder } from '../modules/incidents/folder.ts';
import { incidentRoutes } from '../modules/incidents/incidents.routes.ts';
import { orgRoutes } from '../modules/orgs/orgs.routes.ts';
import { IntegrationDirectory } from '../modules/services/integration-directory.ts';
import { serviceRoutes } from '../modules/services/services.routes.ts';
import { type Clock, systemClock } from '../ports/clock.ts';
import type { Deps } from './deps.ts';

/** Which parts this process runs: `vigil start` all, `vigil api` HTTP (folding what it ingests), `vigil worker` the fold. */
export type Role = 'all' | 'api' | 'worker';

export interface VigilOptions {
  config: Config;
  role: Role;
  log: Logger;
  clock?: Clock;
}

/** The composition root: config → store → modules → HTTP. Nothing listens until `listen`. */
export async function createVigil(options: VigilOptions) {
  const { config, log } = options;
  const store = await openStore(config);
  let port = config.PORT;
  const deps: Deps = { config, store, clock: options.clock ?? systemClock, log, publicUrl: () => publicUrl(config, port) };

  const ingest: EventIngest = new EventIngest(store, deps.clock, config.VIGIL_INGEST_MAX_BATCH, store.kind === 'pglite' ? 1 : config.VIGIL_INGEST_COMMIT_LANES, () => folder.kick(), log.child({ component: 'ingest' }));
  const folder = new Folder(store, deps.clock, log.child({ component: 'fold' }), config.VIGIL_FOLD_BATCH, config.VIGIL_FOLD_POLL_MS, config.VIGIL_FOLD_COALESCE_MS, () => ingest.busy);
  const directory = new IntegrationDirectory(store.db);

  const http = await createHttpServer(log);
  await http.register(healthRoutes(store));
  // The web dashboard is served here once it lands; until then the root opens the API reference.
  http.get('/', { schema: { hide: true } }, (_request, reply) => reply.redirect('/docs'));
  if (options.role !== 'worker') {
    await http.register(ingestRoutes(deps, directory, ingest));
    await http.register(apiScope(deps, [orgRoutes(deps), serviceRoutes(deps, directory), incidentRoutes(deps), changeRoutes(deps), eventRoutes(deps)]), { prefix: '/api/v1' });
  }
  folder.start();

  let stopping: Promise<void> | undefined;
  return {
    deps,
    http,
    folder,
    async listen(): Promise<number> {
      await http.listen({ port: config.PORT, host: config.HOST });
      const address = http.server.address();
      port = typeof address === 'object' && address ? address.port : config.PORT;
      return port;
    },
    /**
     * Graceful: stop taking requests, let in-flight ones finish and commit what they wrote, finish the fold
     * pass under way, close the store. Events not folded yet are durable; the next start folds them.
     */
    stop(): Promise<void> {
      stopping ??= (async () => {
        await http.close();
        await ingest.drain();
        await folder.stop();
        await store.close();
      })();
      return stopping;
    },
  };
}


