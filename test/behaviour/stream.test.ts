import type { Socket } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { enqueue, newIntegration, newOrganisation, request, triggerEvent } from '../factories.ts';
import { describeEachStore, startVigil, type TestVigil } from '../harness.ts';
import { SseStreamClient, type StreamMessage, UpgradeRefused, WsStreamClient } from '../stream-client.ts';

const incidentOf = (dedupKey: string) => (message: StreamMessage) => message.type === 'incident.triggered' && message.data['dedup_key'] === dedupKey;

describeEachStore('live stream', (kind) => {
  let t: TestVigil;
  let base: string;
  const clients: Array<{ close(): unknown }> = [];
  const ws = async (query = '', options: Parameters<typeof WsStreamClient.open>[1] = {}) => {
    const client = await WsStreamClient.open(`${base.replace('http', 'ws')}/api/v1/stream${query}`, options);
    clients.push(client);
    return client;
  };
  const sse = async (token: string, query = '', headers: Record<string, string> = {}) => {
    const client = await SseStreamClient.open(`${base}/api/v1/stream${query}`, { authorization: `Bearer ${token}`, accept: 'text/event-stream', ...headers });
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    // A client must answer a ping before the next one: at 300 ms, a test process starved of CPU in CI (the
    // clients live in it) missed that and had its clients dropped mid-test, twice.
    t = await startVigil(kind, { env: { VIGIL_STREAM_REPLAY_LIMIT: '5', VIGIL_STREAM_HEARTBEAT_MS: '1000', VIGIL_STREAM_MAX_CONNECTIONS_PER_ORG: '4' } });
    base = `http://127.0.0.1:${await t.vigil.listen()}`;
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await t?.stop();
  });

  // First, while no client is connected anywhere: the process then reads only each batch's last number.
  it('gives a client that connects after events went out to nobody what follows, once, and none of those', async () => {
    const org = await newOrganisation(t);
    const { routingKey } = await newIntegration(t, org.token);
    for (const key of ['nobody-1', 'nobody-2']) expect((await enqueue(t, triggerEvent(routingKey, key))).status).toBe(202);
    await t.settle();
    await new Promise((resolve) => setTimeout(resolve, 100)); // the bus hands the batch on after the fold's commit

    const late = await ws('', { token: org.token });
    await enqueue(t, triggerEvent(routingKey, 'after-nobody'));
    await late.waitFor(incidentOf('after-nobody'));
    expect(late.events().map((message) => message.data['dedup_key'])).toEqual(['after-nobody']);
  });

  it('sends a WebSocket client its organisation’s incident as it triggers and as it is acknowledged, and nothing of another organisation', async () => {
    const mine = await newOrganisation(t);
    const theirs = await newOrganisation(t);
    const { routingKey } = await newIntegration(t, mine.token);
    const client = await ws('', { token: mine.token });
    const other = await ws('', { token: theirs.token });

    expect((await enqueue(t, triggerEvent(routingKey, 'stream-1'))).status).toBe(202);
    const triggered = await client.waitFor(incidentOf('stream-1'));
    expect(triggered.data['incident']).toMatchObject({ status: 'triggered', title: 'disk full on stream-1' });
    const incidentId = triggered.data['incident'].id as string;

    expect((await request(t, 'POST', `/api/v1/incidents/${incidentId}/acknowledge`, { token: mine.token })).status).toBe(200);
    const acknowledged = await client.waitFor((message) => message.type === 'incident.acknowledged');
    expect(acknowledged.data['incident']).toMatchObject({ id: incidentId, status: 'acknowledged' });
    expect(Number(acknowledged.id)).toBeGreaterThan(Number(triggered.id));

    // The other organisation's client is live (its own incident arrives) and got none of the first's.
    const their = await newIntegration(t, theirs.token);
    await enqueue(t, triggerEvent(their.routingKey, 'theirs-1'));
    await other.waitFor(incidentOf('theirs-1'));
    expect(other.events().map((message) => message.data['dedup_key'] ?? message.type)).toEqual(['theirs-1']);
    expect(client.events().some((message) => message.data['dedup_key'] === 'theirs-1')).toBe(false);
    expect(client.binaryFrames + other.binaryFrames).toBe(0); // every message a text frame
  });

  it('streams Server-Sent Events, and an SSE client that reconnects with Last-Event-ID misses nothing and gets nothing twice', async () => {
    const org = await newOrganisation(t);
    const { routingKey } = await newIntegration(t, org.token);
    const first = await sse(org.token);
    // Stays connected: when it has sse-4, the others are numbered and retained (a resume replays them).
    const watcher = await ws('', { token: org.token });
    await enqueue(t, triggerEvent(routingKey, 'sse-1'));
    await first.waitFor(incidentOf('sse-1'));
    const lastId = first.lastEventId;
    expect(lastId).toBe(first.events().at(-1)?.id);
    first.close();

    for (const key of ['sse-2', 'sse-3', 'sse-4']) await enqueue(t, triggerEvent(routingKey, key));
    await watcher.waitFor(incidentOf('sse-4'));
    const again = await sse(org.token, '', { 'last-event-id': lastId ?? '' });
    await again.waitFor(incidentOf('sse-4'));
    expect(again.events().map((message) => message.data['dedup_key'])).toEqual(['sse-2', 'sse-3', 'sse-4']);
    expect(again.messages.at(-1)?.type).not.toBe('reset');
  });

  it('replays to a WebSocket client that sends {"resume": id} what it missed, and resets one that is too far behind or names no id of ours', async () => {
    const org = await newOrganisation(t);
    const { routingKey } = await newIntegration(t, org.token);
    const first = await ws('', { token: org.token });
    const watcher = await ws('', { token: org.token });
    await enqueue(t, triggerEvent(routingKey, 'ws-1'));
    const seen = await first.waitFor(incidentOf('ws-1'));
    await first.close();
    for (const key of ['ws-2', 'ws-3']) await enqueue(t, triggerEvent(routingKey, key));
    await watcher.waitFor(incidentOf('ws-3'));

    const again = await ws('', { token: org.token });
    again.send({ resume: seen.id });
    await again.waitFor(incidentOf('ws-3'));
    expect(again.events().map((message) => message.data['dedup_key'])).toEqual(['ws-2', 'ws-3']);

    // Six missed with a replay limit of five: told to reload instead.
    const resumeFrom = again.events().at(-1)?.id;
    for (const key of ['ws-4', 'ws-5', 'ws-6', 'ws-7', 'ws-8', 'ws-9']) await enqueue(t, triggerEvent(routingKey, key));
    await watcher.waitFor(incidentOf('ws-9'));
    const behind = await ws(`?last_event_id=${resumeFrom}`, { token: org.token });
    expect(behind.messages.map((message) => message.type)).toEqual(['reset', 'ready']);
    const stranger = await ws('?last_event_id=999999999999', { token: org.token });
    expect(stranger.messages[0]).toMatchObject({ type: 'reset' });
    stranger.send({ hello: 'there' });
    await stranger.waitFor((message) => message.type === 'error');
  });

  it('filters by service and by type', async () => {
    const org = await newOrganisation(t);
    const a = await newIntegration(t, org.token);
    const b = await newIntegration(t, org.token);
    const onlyB = await ws(`?services=${b.serviceId}`, { token: org.token });
    const onlyResolved = await ws('?types=incident.resolved', { token: org.token });
    await enqueue(t, triggerEvent(a.routingKey, 'filter-a'));
    await enqueue(t, triggerEvent(b.routingKey, 'filter-b'));
    await enqueue(t, { routing_key: b.routingKey, event_action: 'resolve', dedup_key: 'filter-b' });
    await onlyB.waitFor((message) => message.type === 'incident.resolved');
    expect(onlyB.events().map((message) => `${message.type} ${message.data['incident'].service_id}`)).toEqual([
      `incident.triggered ${b.serviceId}`,
      `incident.resolved ${b.serviceId}`,
    ]);
    await onlyResolved.waitFor((message) => message.type === 'incident.resolved');
    expect(onlyResolved.events().map((message) => message.type)).toEqual(['incident.resolved']);
  });

  it('sends each client exactly its share of many events folded together, in order and once, over either transport', async () => {
    const org = await newOrganisation(t);
    const other = await newOrganisation(t);
    const a = await newIntegration(t, org.token);
    const b = await newIntegration(t, org.token);
    const elsewhere = await newIntegration(t, other.token);
    const everything = await ws('', { token: org.token });
    const onlyB = await ws(`?services=${b.serviceId}`, { token: org.token });
    const triggeredOverSse = await sse(org.token, '?types=incident.triggered');
    const otherOrg = await ws('', { token: other.token });
    // Sent at once, so passes fold many of them together and the stream gets them as batches of several.
    const keys = Array.from({ length: 60 }, (_, i) => `share-${i}`);
    await Promise.all(
      keys.flatMap((key, i) => [
        enqueue(t, triggerEvent((i % 2 === 0 ? a : b).routingKey, key)),
        enqueue(t, triggerEvent(elsewhere.routingKey, `other-${key}`)),
      ]),
    );
    await Promise.all(keys.map((key, i) => enqueue(t, { routing_key: (i % 2 === 0 ? a : b).routingKey, event_action: 'resolve', dedup_key: key })));
    const resolvedCount = (client: WsStreamClient) => client.events().filter((message) => message.type === 'incident.resolved').length;
    await expect.poll(() => resolvedCount(everything), { timeout: 20_000 }).toBe(keys.length);
    await expect.poll(() => resolvedCount(onlyB), { timeout: 20_000 }).toBe(keys.length / 2);
    await expect.poll(() => triggeredOverSse.events().length, { timeout: 20_000 }).toBe(keys.length);

    const all = everything.events();
    const ids = (messages: StreamMessage[]) => messages.map((message) => Number(message.id));
    const increasing = (values: number[]) => values.every((value, i) => i === 0 || value > (values[i - 1] ?? 0));
    expect(increasing(ids(all))).toBe(true);
    expect(all.filter((message) => message.type === 'incident.triggered').map((message) => String(message.data['dedup_key']))).toEqual(expect.arrayContaining(keys));
    expect(all.filter((message) => message.type === 'incident.triggered')).toHaveLength(keys.length);
    expect(ids(onlyB.events())).toEqual(ids(all.filter((message) => message.data['incident'].service_id === b.serviceId)));
    expect(ids(triggeredOverSse.events())).toEqual(ids(all.filter((message) => message.type === 'incident.triggered')));
    await expect.poll(() => otherOrg.events().filter((message) => message.type === 'incident.triggered').length, { timeout: 20_000 }).toBe(keys.length);
    expect(otherOrg.events().some((message) => String(message.data['dedup_key'] ?? '').startsWith('share-'))).toBe(false);
  });

  it('refuses bad filters, ids and credentials with a 4xx naming the problem, before upgrading', async () => {
    const org = await newOrganisation(t);
    const other = await newOrganisation(t);
    const { serviceId: theirService } = await newIntegration(t, other.token);
    const cases: Array<[string, number, string]> = [
      ['?types=incident.exploded', 400, 'types'],
      [`?services=${theirService}`, 400, 'services'],
      ['?services=not-a-uuid', 400, 'services'],
      ['?last_event_id=abc', 400, 'last_event_id'],
      ['?colour=red', 400, 'colour'],
    ];
    for (const [query, status, field] of cases) {
      const response = await request(t, 'GET', `/api/v1/stream${query}`, { token: org.token, headers: { accept: 'text/event-stream' } });
      expect({ query, status: response.status }).toEqual({ query, status });
      expect(JSON.stringify(response.body)).toContain(field);
      await expect(ws(query, { token: org.token })).rejects.toEqual(new UpgradeRefused(status));
    }
    const plain = await request(t, 'GET', '/api/v1/stream', { token: org.token });
    expect(plain.status).toBe(400);
    expect(plain.body.error.details[0].field).toBe('Accept');
    await expect(ws('')).rejects.toEqual(new UpgradeRefused(401));
    await expect(ws('?token=vgl_nope')).rejects.toEqual(new UpgradeRefused(401));
    await expect(ws('?token=a.b.c')).rejects.toEqual(new UpgradeRefused(401));
  });

  it('takes a short-lived stream ticket in the token parameter, and a session cookie only from its own site', async () => {
    const org = await newOrganisation(t);
    const { routingKey } = await newIntegration(t, org.token);
    const issued = await request(t, 'POST', '/api/v1/stream/ticket', { token: org.token });
    expect(issued.status).toBe(201);
    expect(new Date(issued.body.expires_at).getTime() - Date.now()).toBeLessThanOrEqual(60_000);
    const client = await ws(`?token=${encodeURIComponent(issued.body.ticket as string)}`);
    await enqueue(t, triggerEvent(routingKey, 'ticket-1'));
    await client.waitFor(incidentOf('ticket-1'));

    const login = await request(t, 'POST', '/api/v1/auth/login', { body: { email: org.email, password: 'correct horse battery staple' } });
    const cookie = String(login.headers['set-cookie']).split(';')[0] ?? '';
    const host = new URL(base).host;
    await ws('', { headers: { cookie, origin: `http://${host}` } });
    await expect(ws('', { headers: { cookie, origin: 'https://evil.example' } })).rejects.toEqual(new UpgradeRefused(403));
  });

  it('tells the organisation’s clients who is looking at an incident, and forgets a viewer who leaves', async () => {
    const org = await newOrganisation(t);
    const { routingKey } = await newIntegration(t, org.token);
    const onlooker = await ws('', { token: org.token });
    const eventsOnly = await ws('?types=incident.*', { token: org.token });
    await enqueue(t, triggerEvent(routingKey, 'looked-at'));
    const incidentId = (await onlooker.waitFor(incidentOf('looked-at'))).data['incident'].id as string;
    const me = (await request(t, 'GET', '/api/v1/me', { token: org.token })).body.user as { id: string; name: string };

    const viewer = await ws('', { token: org.token });
    viewer.send({ view: incidentId });
    const presence = (viewers: number) => (message: StreamMessage) => message.type === 'presence' && message.data['incident_id'] === incidentId && message.data['viewers'].length === viewers;
    const seen = await onlooker.waitFor(presence(1));
    expect(seen.data['viewers']).toEqual([{ user_id: me.id, name: me.name }]);
    expect((await request(t, 'GET', `/api/v1/incidents/${incidentId}/viewers`, { token: org.token })).body).toEqual({ viewers: [{ user_id: me.id, name: me.name }] });
    const stranger = await newOrganisation(t);
    expect((await request(t, 'GET', `/api/v1/incidents/${incidentId}/viewers`, { token: stranger.token })).status).toBe(404);

    await viewer.close();
    await onlooker.waitFor(presence(0));
    expect((await request(t, 'GET', `/api/v1/incidents/${incidentId}/viewers`, { token: org.token })).body).toEqual({ viewers: [] });
    expect(eventsOnly.messages.some((message) => message.type === 'presence')).toBe(false);

    const theirs = await ws('', { token: stranger.token });
    theirs.send({ view: incidentId });
    await theirs.waitFor((message) => message.type === 'error' && String(message.data['message']).includes('No incident'));
  });

  it('drops a WebSocket client that breaks the protocol, and keeps streaming to the others', async () => {
    const org = await newOrganisation(t);
    const { routingKey } = await newIntegration(t, org.token);
    const broken = await ws('', { token: org.token });
    const healthy = await ws('', { token: org.token });
    await expect.poll(() => t.vigil.stream.connections(org.orgId)).toBe(2);

    // A final, masked, empty frame of opcode 3, which RFC 6455 reserves: the server's parser fails on it.
    (broken.socket as unknown as { _socket: Socket })._socket.write(Buffer.from([0x83, 0x80, 0, 0, 0, 0]));
    expect((await broken.waitClosed()).code).not.toBe(1000);
    await expect.poll(() => t.vigil.stream.connections(org.orgId)).toBe(1);

    await enqueue(t, triggerEvent(routingKey, 'after-broken'));
    await healthy.waitFor(incidentOf('after-broken'));
  });

  it('pings clients, drops one that stops answering, and holds an organisation to its connection limit', async () => {
    const org = await newOrganisation(t);
    const silent = await ws('', { token: org.token, autoPong: false });
    expect(await silent.waitClosed(5000)).toEqual({ code: 4000, reason: 'no answer to the heartbeat' });

    const response = await fetch(`${base}/api/v1/stream`, { headers: { authorization: `Bearer ${org.token}`, accept: 'text/event-stream' } });
    const reader = response.body!.getReader();
    let text = '';
    while (!text.includes(': ping')) text += new TextDecoder().decode((await reader.read()).value);
    await reader.cancel();

    const open = [];
    for (let i = 0; i < 4; i += 1) open.push(await ws('', { token: org.token }));
    await expect(ws('', { token: org.token })).rejects.toEqual(new UpgradeRefused(429));
    await open[0]?.close();
    await expect.poll(async () => ws('', { token: org.token }).then(() => true, () => false)).toBe(true);
  });
});

describeEachStore('live stream slow consumers', (kind) => {
  const BOUND = 64 * 1024;
  let t: TestVigil;
  beforeAll(async () => {
    t = await startVigil(kind, { env: { VIGIL_STREAM_MAX_UNSENT_BYTES: String(BOUND) } });
  });
  afterAll(() => t?.stop());

  it('disconnects a client that stops reading, with a close reason, and never queues much more than the bound for it', async () => {
    const base = `ws://127.0.0.1:${await t.vigil.listen()}/api/v1/stream`;
    const org = await newOrganisation(t);
    const { routingKey } = await newIntegration(t, org.token);
    const reading = await WsStreamClient.open(base, { token: org.token });
    const stalled = await WsStreamClient.open(base, { token: org.token });
    stalled.socket.pause();

    // ~1.3 KB a message: a few MB, more than the socket buffers of both ends take.
    const title = 'x'.repeat(1000);
    const keys = Array.from({ length: 4000 }, (_, i) => `slow-${i}`);
    const sending = (async () => {
      for (let i = 0; i < keys.length; i += 100) {
        await Promise.all(keys.slice(i, i + 100).map((key) => enqueue(t, triggerEvent(routingKey, key, { payload: { summary: title, source: key, severity: 'info' } }))));
      }
    })();
    // Once the server gives up on it, the client reads again, in time to see the close frame (the server
    // waits five seconds for it, then destroys the socket).
    await expect.poll(() => t.vigil.stream.peakUnsentBytes, { timeout: 60_000, interval: 10 }).toBeGreaterThan(BOUND);
    stalled.socket.resume();
    expect(await stalled.waitClosed()).toEqual({ code: 4008, reason: `slow consumer: more than ${BOUND} bytes unsent` });
    await sending;
    await reading.waitFor(incidentOf(keys.at(-1) ?? ''), 60_000);
    expect(reading.events()).toHaveLength(keys.length);

    expect(stalled.events().length).toBeLessThan(keys.length);
    expect(reading.closed).toBeUndefined();
    // The send that crossed the bound is the most ever queued: one message over it.
    expect(t.vigil.stream.peakUnsentBytes).toBeGreaterThan(BOUND);
    expect(t.vigil.stream.peakUnsentBytes).toBeLessThan(BOUND + 4096);
    await reading.close();
  }, 120_000);
});
