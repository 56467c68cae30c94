import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';

const PREFIX = '/docs' as const;
const OPTIONS = {
  routePrefix: PREFIX,
  configuration: { url: '/openapi.json', withDefaultFonts: false, title: 'Vigil API reference' },
};

/**
 * The interactive API reference at /docs (Scalar), loaded on its first visit. The Scalar plugin carries its
 * browser bundle as a string of several megabytes: imported at start-up, every api process would hold ~20 MB
 * for a page that is rarely opened. Here it lives in a small Fastify instance of its own, made on the first
 * request and asked through `inject` from then on.
 */
export async function apiReferenceRoutes(app: FastifyInstance): Promise<void> {
  let reference: Promise<FastifyInstance> | undefined;
  const load = async () => {
    const { default: scalarApiReference } = await import('@scalar/fastify-api-reference');
    const inner = Fastify({ routerOptions: { ignoreTrailingSlash: true } });
    await inner.register(scalarApiReference, OPTIONS);
    await inner.ready();
    return inner;
  };
  const relay = async (request: FastifyRequest, reply: FastifyReply) => {
    reference ??= load().catch((error: unknown) => {
      reference = undefined;
      throw error;
    });
    const answer = await (await reference).inject({ method: 'GET', url: request.url });
    for (const name of ['content-type', 'location']) {
      const value = answer.headers[name];
      if (value !== undefined) reply.header(name, value);
    }
    return reply.code(answer.statusCode).send(answer.rawPayload);
  };
  const hidden = { schema: { hide: true } };
  // The two paths the reference serves (the page, also as /docs/, and its script); any other /docs/… path
  // gets the app's own answer for unknown paths, not the inner instance's.
  app.get(PREFIX, hidden, relay);
  app.get(`${PREFIX}/js/scalar.js`, hidden, relay);
}
