import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESPONSE_BODY_LIMIT, WebhookSender } from './webhook-sender.ts';

const secret = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;

describe('the webhook sender', () => {
  const requests: Array<{ path: string; headers: IncomingMessage['headers']; body: string }> = [];
  let server: Server;
  let port: number;
  const sender = new WebhookSender();
  const routes: Record<string, (response: ServerResponse) => void> = {
    '/ok': (response) => response.writeHead(204).end(),
    '/big': (response) => response.writeHead(500, { 'content-type': 'text/plain' }).end('x'.repeat(100_000)),
    '/moved': (response) => response.writeHead(302, { location: '/ok' }).end(),
  };

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        requests.push({ path: request.url ?? '', headers: request.headers, body });
        (routes[request.url ?? ''] ?? ((r: ServerResponse) => r.writeHead(404).end()))(response);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await sender.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const webhook = (url: string, allowPrivateNetwork: boolean) => ({ url, allowPrivateNetwork, id: 'msg_1', timestamp: new Date(), body: '{"type":"incident.triggered"}', secrets: [secret] });

  it('signs with the Standard Webhooks scheme, as the reference library verifies', async () => {
    const outcome = await sender.send(webhook(`http://127.0.0.1:${port}/ok`, true));
    expect(outcome).toMatchObject({ succeeded: true, statusCode: 204, error: null });
    const received = requests.at(-1)!;
    expect(received.headers['content-type']).toBe('application/json');
    const verified = new Webhook(secret).verify(received.body, {
      'webhook-id': String(received.headers['webhook-id']),
      'webhook-timestamp': String(received.headers['webhook-timestamp']),
      'webhook-signature': String(received.headers['webhook-signature']),
    });
    expect(verified).toEqual({ type: 'incident.triggered' });
  });

  it('refuses at connection time a name that resolves to a loopback address, and an IP literal, sending nothing', async () => {
    const before = requests.length;
    const byName = await sender.send(webhook(`http://localhost:${port}/ok`, false));
    expect(byName).toMatchObject({ succeeded: false, statusCode: null });
    expect(byName.error).toMatch(/localhost resolves to .*loopback.*SSRF guard/);
    const byLiteral = await sender.send(webhook(`http://127.0.0.1:${port}/ok`, false));
    expect(byLiteral.error).toMatch(/127\.0\.0\.1 is a loopback address/);
    expect(requests.length).toBe(before);
  });

  it('keeps the first 2 KB of an answer and does not follow redirects', async () => {
    const big = await sender.send(webhook(`http://127.0.0.1:${port}/big`, true));
    expect(big).toMatchObject({ succeeded: false, statusCode: 500, error: 'HTTP 500' });
    expect(big.responseBody).toHaveLength(RESPONSE_BODY_LIMIT);
    const before = requests.length;
    const moved = await sender.send(webhook(`http://127.0.0.1:${port}/moved`, true));
    expect(moved).toMatchObject({ succeeded: false, statusCode: 302 });
    expect(moved.error).toMatch(/redirects are not followed \(to \/ok\)/);
    expect(requests.slice(before).map((request) => request.path)).toEqual(['/moved']);
  });

  it('records a refused connection as a failed attempt', async () => {
    const closed = await sender.send(webhook('http://127.0.0.1:1/', true));
    expect(closed).toMatchObject({ succeeded: false, statusCode: null });
    expect(closed.error).toMatch(/ECONNREFUSED/);
  });
});
