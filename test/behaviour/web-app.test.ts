import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from '../factories.ts';
import { startVigil, type TestVigil } from '../harness.ts';
import { API_TYPES_FILE, renderApiTypes } from '../web/api-types.ts';

describe('the web dashboard as served', () => {
  let t: TestVigil;
  beforeAll(async () => {
    t = await startVigil('pglite');
  });
  afterAll(() => t.stop());

  it('serves index.html uncached with a strict CSP, and points it at the hashed assets', async () => {
    const page = await request(t, 'GET', '/', { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(page.body).toMatch(/<script type="module" crossorigin src="\/assets\/index-[\w-]+\.js">/);
    expect(page.body).not.toContain('./assets/');
  });

  it('serves hashed assets for a year, immutable, and pre-compressed to browsers that accept it', async () => {
    const page = await request(t, 'GET', '/', { headers: { accept: 'text/html' } });
    const script = /src="(\/assets\/index-[\w-]+\.js)"/.exec(page.body)?.[1] ?? '';
    const plain = await t.http.inject({ method: 'GET', url: script });
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(plain.headers['content-type']).toMatch(/javascript/);
    const brotli = await t.http.inject({ method: 'GET', url: script, headers: { 'accept-encoding': 'br, gzip' } });
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(brotli.rawPayload.length).toBeLessThan(plain.rawPayload.length / 2);
  });

  it('answers client-side routes with the page, and unknown API paths and assets with a JSON 404', async () => {
    const deep = await request(t, 'GET', '/incidents/6f1c0a9e-5b1a-4b53-9a49-0d1d0f5e2c11', { headers: { accept: 'text/html,application/xhtml+xml' } });
    expect(deep.status).toBe(200);
    expect(deep.headers['content-type']).toMatch(/text\/html/);
    const api = await request(t, 'GET', '/api/v1/no-such-thing', { headers: { accept: 'text/html' } });
    expect(api.status).toBe(404);
    expect(api.body.error.code).toBe('not_found');
    const asset = await request(t, 'GET', '/assets/missing-0000.js');
    expect(asset.status).toBe(404);
    const notHtml = await request(t, 'GET', '/incidents', { headers: { accept: 'application/json' } });
    expect(notHtml.status).toBe(404);
  });

  it('tells the dashboard whether the instance still needs its setup', async () => {
    const before = await request(t, 'GET', '/api/v1/setup');
    expect(before.body.setup_required).toBe(true);
    await request(t, 'POST', '/api/v1/setup', { body: { organization: 'Acme', email: 'web-admin@example.com', password: 'correct horse battery staple' } });
    const after = await request(t, 'GET', '/api/v1/setup');
    expect(after.body).toEqual({ setup_required: false, signup_allowed: true });
  });

  it("has API types generated from this server's OpenAPI document (run npm run web:api-types after changing a route)", async () => {
    const document = (await request(t, 'GET', '/openapi.json')).body;
    expect(readFileSync(API_TYPES_FILE, 'utf8')).toBe(await renderApiTypes(document));
  });
});

describe('the web dashboard with its assets on a CDN', () => {
  let t: TestVigil;
  beforeAll(async () => {
    t = await startVigil('pglite', { env: { VIGIL_ASSET_BASE_URL: 'https://cdn.example.com/vigil/' } });
  });
  afterAll(() => t.stop());

  it('points index.html at VIGIL_ASSET_BASE_URL and allows that origin in the CSP', async () => {
    const page = await request(t, 'GET', '/', { headers: { accept: 'text/html' } });
    expect(page.body).toMatch(/src="https:\/\/cdn\.example\.com\/vigil\/assets\/index-[\w-]+\.js"/);
    expect(page.headers['content-security-policy']).toContain("script-src 'self' https://cdn.example.com");
  });
});
