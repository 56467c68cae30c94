import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { MAX_PARAM_LENGTH, PARAM_TOO_LONG } from './server.ts';

/** Paths that belong to the API and the machine endpoints: never answered with the dashboard's page. */
const NOT_THE_APP = /^\/(api|v2|integrations|actions|calendars|slack|docs|openapi\.json|metrics|healthz|readyz)(\/|$|\?)/;

/** web/dist, seen from src/http/ (tests, tsx) or from dist/ (the compiled bundle `vigil` runs). */
function webDistDir(): string | undefined {
  for (const relative of ['../web/dist', '../../web/dist']) {
    const dir = fileURLToPath(new URL(relative, import.meta.url));
    if (existsSync(`${dir}/index.html`)) return dir;
  }
  return undefined;
}

/**
 * Serves the web dashboard: hashed assets cached for a year, index.html never cached, and index.html for every
 * other GET a browser makes (client-side routes such as /incidents/42). The page is built with relative asset
 * paths; here they are made absolute, or pointed at VIGIL_ASSET_BASE_URL when the assets live on a CDN.
 */
export async function registerWebApp(http: FastifyInstance, assetBaseUrl: string | undefined): Promise<void> {
  const root = webDistDir();
  const page = root ? readFileSync(`${root}/index.html`, 'utf8').replaceAll('"./assets/', `"${(assetBaseUrl ?? '').replace(/\/$/, '')}/assets/`) : notBuiltPage;
  const sendPage = (reply: FastifyReply) =>
    reply
      .status(root ? 200 : 503)
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header('x-frame-options', 'DENY')
      .header('content-security-policy', contentSecurityPolicy(assetBaseUrl))
      .send(page);
  if (root) {
    await http.register(fastifyStatic, {
      root: `${root}/assets`,
      prefix: '/assets/',
      wildcard: true,
      index: false,
      immutable: true,
      preCompressed: true,
      maxAge: '365d',
    });
  }
  http.get('/', { schema: { hide: true } }, (_request, reply) => sendPage(reply));
  // Static routes win over this wildcard, so it only sees paths no route claims.
  http.get('/*', { schema: { hide: true } }, (request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    const wantsPage = !NOT_THE_APP.test(path) && !path.startsWith('/assets/') && (request.headers.accept ?? '').includes('text/html');
    if (wantsPage) return sendPage(reply);
    // The router falls back to this route when a parameter is over its limit, instead of reporting that: report it.
    if (path.split('/').some((segment) => segment.length > MAX_PARAM_LENGTH)) return reply.status(400).send({ error: { code: 'validation_failed', message: PARAM_TOO_LONG, details: [] } });
    return reply.status(404).send({ error: { code: 'not_found', message: `No route GET ${path}`, details: [] } });
  });
}

function contentSecurityPolicy(assetBaseUrl: string | undefined): string {
  const assets = assetBaseUrl ? ` ${new URL(assetBaseUrl).origin}` : '';
  return [
    "default-src 'self'",
    `script-src 'self'${assets}`,
    `style-src 'self' 'unsafe-inline'${assets}`,
    `img-src 'self' data:${assets}`,
    `font-src 'self'${assets}`,
    "connect-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ');
}

const notBuiltPage = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Vigil</title></head><body>
<h1>The dashboard is not built</h1><p>Run <code>npm run build:web</code> (or start Vigil with <code>npm start</code>, which builds it), then reload. The API is up: see <a href="/docs">/docs</a>.</p></body></html>`;
