import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deps } from '../app/deps.ts';
import { authenticate } from '../modules/orgs/authenticate.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Reachable without authentication (setup, sign-up, login). */
    public?: boolean;
  }
}

/** /api/v1: every route authenticates its caller unless it is marked public. */
export function apiScope(deps: Deps, routes: FastifyPluginAsyncZod[]): FastifyPluginAsyncZod {
  return async (api) => {
    api.addHook('onRequest', async (request) => {
      if (request.routeOptions.config.public) return;
      request.actor = await authenticate(deps, request);
    });
    for (const register of routes) await api.register(register);
  };
}
