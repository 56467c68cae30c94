import { afterAll, beforeAll, expect, it } from 'vitest';
import { setTimeout as delay } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import { enqueue, newIntegration, newOrganisation, request, triggerEvent } from '../factories.ts';
import { startVigil, type TestVigil } from '../harness.ts';

let t: TestVigil;
beforeAll(async () => {
  t = await startVigil('pglite');
});
afterAll(() => t.stop());

it('answers /healthz and /readyz with per-dependency detail', async () => {
  expect((await request(t, 'GET', '/healthz')).body).toEqual({ status: 'ok' });
  const ready = await request(t, 'GET', '/readyz');
  expect(ready.status).toBe(200);
  expect(ready.body).toEqual({ status: 'ready', role: 'all', version: expect.stringMatching(/^\d+\.\d+\.\d+/), checks: { pglite: { status: 'ok', latency_ms: expect.any(Number) } } });
});

it('publishes an OpenAPI 3.1 document in which every route declares its request and response schema', async () => {
  const response = await request(t, 'GET', '/openapi.json');
  expect(response.status).toBe(200);
  const document = response.body as { openapi: string; paths: Record<string, Record<string, { responses?: Record<string, unknown>; requestBody?: unknown; parameters?: unknown[] }>> };
  expect(document.openapi).toBe('3.1.0');
  for (const path of ['/v2/enqueue', '/v2/change/enqueue', '/api/v1/setup', '/api/v1/incidents', '/api/v1/incidents/{id}', '/api/v1/incidents/{id}/acknowledge', '/api/v1/services/{id}/integrations', '/api/v1/changes']) {
    expect(document.paths, path).toHaveProperty([path]);
  }
  for (const [path, operations] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const successes = Object.keys(operation.responses ?? {}).filter((status) => status.startsWith('2'));
      expect(successes.length, `${method.toUpperCase()} ${path} declares a success response`).toBeGreaterThan(0);
      if (['post', 'patch', 'put'].includes(method) && !/acknowledge|resolve|logout|retry|rotate-secret|redeliver|stream\/ticket/.test(path)) {
        expect(operation.requestBody, `${method.toUpperCase()} ${path} declares its body`).toBeDefined();
      }
    }
  }
  const enqueue = document.paths['/v2/enqueue']!['post']!;
  expect(JSON.stringify(enqueue.requestBody)).toContain('event_action');
});

it('serves an interactive API reference at /docs whose script is served locally, not from the internet', async () => {
  const entry = await request(t, 'GET', '/docs');
  const page = entry.status === 200 ? entry : await request(t, 'GET', String(entry.headers['location']));
  expect(page.status).toBe(200);
  expect(page.headers['content-type']).toMatch(/text\/html/);
  const html = String(page.body);
  expect(html).toContain('/openapi.json');
  expect(html).not.toMatch(/fonts\.googleapis|cdn\.jsdelivr|unpkg\.com/);
  const script = /<script[^>]+src="([^"]+)"/.exec(html)?.[1];
  expect(script).toBeDefined();
  const asset = await request(t, 'GET', new URL(script!, 'http://localhost/docs/').pathname);
  expect(asset.status).toBe(200);
  expect(String(asset.body).length).toBeGreaterThan(10_000);
  expect(asset.headers['cache-control']).toBe('public, max-age=86400');
  // Any other path under /docs is the app's own unknown path, answered as the other client routes are.
  const other = await request(t, 'GET', '/docs/no-such-page');
  const clientRoute = await request(t, 'GET', '/no-such-page');
  expect(other.status).toBe(clientRoute.status);
  expect(String(other.body)).toBe(String(clientRoute.body));
});

it('answers GETs with an ETag and a 304 when it still matches (weakly, or any of a list); API answers are private and revalidated; POSTs carry no ETag', async () => {
  const org = await newOrganisation(t);
  const first = await request(t, 'GET', '/api/v1/services', { token: org.token });
  expect(first.status).toBe(200);
  const etag = String(first.headers['etag']);
  expect(etag).toMatch(/^(W\/)?"[^"]+"$/);
  expect(first.headers['cache-control']).toBe('private, no-cache');

  const unchanged = await request(t, 'GET', '/api/v1/services', { token: org.token, headers: { 'if-none-match': etag } });
  expect(unchanged.status).toBe(304);
  expect(unchanged.body).toBe('');
  // Compared weakly, and any tag of a list matches.
  for (const given of [`W/${etag}`, `"stale", ${etag}`, '*']) {
    expect((await request(t, 'GET', '/api/v1/services', { token: org.token, headers: { 'if-none-match': given } })).status, given).toBe(304);
  }
  expect((await request(t, 'GET', '/api/v1/services', { token: org.token, headers: { 'if-none-match': '"stale"' } })).status).toBe(200);
  // Only GETs are tagged: an ingested event's 202 is never revalidated.
  const { routingKey } = await newIntegration(t, org.token);
  const accepted = await enqueue(t, triggerEvent(routingKey));
  expect(accepted.status).toBe(202);
  expect(accepted.headers['etag']).toBeUndefined();
  expect((await request(t, 'POST', '/api/v1/services', { token: org.token, body: { name: 'etag-changes' } })).status).toBe(201);
  const changed = await request(t, 'GET', '/api/v1/services', { token: org.token, headers: { 'if-none-match': etag } });
  expect(changed.status).toBe(200);
  expect(changed.headers['etag']).not.toBe(etag);
  expect(changed.body.services.map((service: { name: string }) => service.name)).toContain('etag-changes');
});

it('serves the dashboard from the root and the API reference at /docs', async () => {
  const root = await request(t, 'GET', '/');
  expect(root.status).toBe(200);
  expect(root.body).toContain('<div id="root"></div>');
  const docs = await request(t, 'GET', '/docs/');
  expect(docs.status).toBe(200);
  expect(String(docs.headers['content-type'])).toMatch(/text\/html/);
});

it('tags every response with a request id, taking a sane one from the caller', async () => {
  const given = await request(t, 'GET', '/healthz', { headers: { 'x-request-id': 'trace-123' } });
  expect(given.headers['x-request-id']).toBe('trace-123');
  const generated = await request(t, 'GET', '/healthz', { headers: { 'x-request-id': 'bad id with spaces' } });
  expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
});

/** The rows the catalog says a table holds, as VACUUM or ANALYZE last recorded them (-1: never analyzed). */
async function catalogRows(vigil: TestVigil, table: string): Promise<number> {
  const result = (await vigil.vigil.deps.store.db.execute(sql`select reltuples from pg_class where relname = ${table}`)) as unknown as { rows: Array<{ reltuples: number }> };
  return Number(result.rows[0]?.reltuples);
}

it('vacuums and analyzes the embedded store (it has no autovacuum) by autovacuum\'s thresholds, in lulls of ingestion', async () => {
  const embedded = await startVigil('pglite', { env: { VIGIL_EMBEDDED_VACUUM_SECONDS: '1' } });
  try {
    const { token } = await newOrganisation(embedded);
    const { routingKey } = await newIntegration(embedded, token);
    // VACUUM/ANALYZE record the table's size in the catalog; a table never analyzed says -1 rows, and
    // nothing else analyzes it (PGlite has no autovacuum), so only the periodic maintenance can change it.
    const rowsInCatalog = () => catalogRows(embedded, 'events');
    // Below the thresholds (50 rows changed + 10%), a table is left alone: one event, inserted and folded, is 2.
    await enqueue(embedded, triggerEvent(routingKey, 'too-few'));
    await embedded.settle();
    await delay(3_500);
    expect(await rowsInCatalog()).toBe(-1);

    const first = 40;
    await Promise.all(Array.from({ length: first }, (_, index) => enqueue(embedded, triggerEvent(routingKey, `first-${index}`))));
    await embedded.settle();
    await expect.poll(rowsInCatalog, { timeout: 6_000, interval: 200 }).toBe(1 + first);

    // While events keep arriving the maintenance waits (it would hold their 202s); the first lull of 2 s runs it.
    const busy = 40;
    for (let index = 0; index < busy; index += 1) {
      await enqueue(embedded, triggerEvent(routingKey, `busy-${index}`));
      await delay(75);
    }
    expect(await rowsInCatalog()).toBe(1 + first);
    await expect.poll(rowsInCatalog, { timeout: 6_000, interval: 200 }).toBe(1 + first + busy);
  } finally {
    await embedded.stop();
  }
}, 30_000);

it('analyzes a table of the embedded store that outgrew its statistics within seconds, without waiting for the periodic maintenance', async () => {
  // The periodic maintenance is an hour away: only the check for outgrown statistics can analyze anything.
  const embedded = await startVigil('pglite', { env: { VIGIL_EMBEDDED_VACUUM_SECONDS: '3600' } });
  try {
    const { token } = await newOrganisation(embedded);
    const { routingKey } = await newIntegration(embedded, token);
    const rowsInCatalog = () => catalogRows(embedded, 'alerts');
    // Under 500 rows changed a table is left alone.
    await Promise.all(Array.from({ length: 100 }, (_, index) => enqueue(embedded, triggerEvent(routingKey, `few-${index}`))));
    await embedded.settle();
    await delay(2_500);
    expect(await rowsInCatalog()).toBe(-1);
    for (let batch = 0; batch < 6; batch += 1) {
      await Promise.all(Array.from({ length: 100 }, (_, index) => enqueue(embedded, triggerEvent(routingKey, `many-${batch}-${index}`))));
    }
    await embedded.settle();
    await expect.poll(rowsInCatalog, { timeout: 6_000, interval: 200 }).toBe(700);
  } finally {
    await embedded.stop();
  }
}, 30_000);
