import { createHmac, randomBytes } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { slackConnections, slackMessages } from '../../src/integrations/slack/slack.tables.ts';
import { enqueue, newIntegration, newOrganisation, request, triggerEvent } from '../factories.ts';
import { describeEachStore, startVigil, type TestVigil } from '../harness.ts';
import { addMember, userIdOf } from './oncall.helpers.ts';
import { FakeSlack, type SlackCall } from './integrations-slack.fake.ts';

const PUBLIC_URL = 'https://vigil.example.com';
const BOT_TOKEN = `xoxb-1234567890-${randomBytes(12).toString('hex')}`;
const POLL = { timeout: 15_000, interval: 50 };

/** X-Slack-Signature as Slack computes it, written here independently of Vigil's code. */
function slackHeaders(body: string, secret: string, at = Math.floor(Date.now() / 1000)) {
  const timestamp = String(at);
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': timestamp, 'x-slack-signature': signature };
}

interface Org {
  token: string;
  orgId: string;
  email: string;
  userId: string;
  name: string;
  secret: string;
  slackUser: string;
}

type Block = { type: string; text?: { text: string }; elements?: Array<{ action_id?: string; value?: string; text?: unknown }>; fields?: Array<{ text: string }> };
const actionIds = (call: SlackCall) => (call.args['blocks'] as Block[]).flatMap((block) => (block.type === 'actions' ? (block.elements ?? []).map((element) => element.action_id) : []));
const blockText = (call: SlackCall) => JSON.stringify(call.args['blocks']);

describeEachStore('Slack: channel messages, buttons, /vigil, incident channels and direct-message paging', (kind) => {
  let t: TestVigil;
  let slack: FakeSlack;
  let orgs = 0;
  let mark = 0;

  beforeAll(async () => {
    slack = new FakeSlack({ id: 'T0VIGIL', name: 'acme', botUserId: 'U0VIGILBOT', botToken: BOT_TOKEN });
    await slack.start();
    t = await startVigil(kind, { env: { VIGIL_PUBLIC_URL: PUBLIC_URL, SLACK_API_URL: slack.url, VIGIL_ENGINE_TICK_MS: '100' } });
  });
  afterAll(async () => {
    await t.stop();
    await slack.close();
  });
  afterEach(() => {
    // Any Web API method the fake does not implement is a call no test expected.
    expect(slack.unexpected).toEqual([]);
    mark = slack.calls.length;
  });

  /** Methods called since the test began (or since `from`), in order. */
  const methodsSince = (from = mark) => slack.calls.slice(from).map((call) => call.method);

  /** An organisation whose admin is Slack user `slackUser`, with the Slack app connected (its own signing secret). */
  async function connectedOrg(): Promise<Org> {
    const created = await newOrganisation(t);
    const me = (await request(t, 'GET', '/api/v1/me', { token: created.token })).body.user;
    const slackUser = `U0ADMIN${(orgs += 1)}`;
    slack.emails.set(slackUser, created.email.toUpperCase());
    const secret = randomBytes(16).toString('hex');
    const connected = await request(t, 'PUT', '/api/v1/slack', { token: created.token, body: { bot_token: BOT_TOKEN, signing_secret: secret } });
    expect(connected.status).toBe(200);
    return { ...created, userId: me.id, name: me.name, secret, slackUser };
  }

  async function subscribedService(org: Org, channelId: string, incidentChannels = false) {
    slack.channels.set(channelId, { name: channelId.toLowerCase(), isMember: true });
    const integration = await newIntegration(t, org.token);
    const subscribed = await request(t, 'POST', `/api/v1/services/${integration.serviceId}/slack-channels`, { token: org.token, body: { channel_id: channelId, incident_channels: incidentChannels } });
    expect(subscribed.status).toBe(201);
    return integration;
  }

  async function trigger(org: Org, routingKey: string, summary: string) {
    expect((await enqueue(t, triggerEvent(routingKey, summary, { payload: { summary, source: 'db-1', severity: 'critical' } }))).status).toBe(202);
    await t.settle();
    const list = await request(t, 'GET', '/api/v1/incidents?limit=100', { token: org.token });
    const incident = list.body.incidents.find((candidate: { title: string }) => candidate.title === summary);
    expect(incident).toBeDefined();
    return incident as { id: string; number: number; title: string };
  }

  const postsTo = (channel: string) => slack.callsOf('chat.postMessage').filter((call) => call.args['channel'] === channel);
  const updatesOf = (channel: string, ts: string) => slack.callsOf('chat.update').filter((call) => call.args['channel'] === channel && call.args['ts'] === ts);
  const statusOf = async (org: Org, id: string) => (await request(t, 'GET', `/api/v1/incidents/${id}`, { token: org.token })).body.status as string;

  function pressButton(org: Org, action: 'vigil_acknowledge' | 'vigil_resolve', incidentId: string, channel: string, options: { slackUser?: string; secret?: string; at?: number } = {}) {
    const payload = {
      type: 'block_actions',
      team: { id: 'T0VIGIL', domain: 'acme' },
      user: { id: options.slackUser ?? org.slackUser, team_id: 'T0VIGIL' },
      api_app_id: 'A0VIGIL',
      channel: { id: channel },
      trigger_id: '1.2.3',
      response_url: 'https://hooks.slack.com/actions/T0VIGIL/1/abc',
      actions: [{ type: 'button', action_id: action, block_id: 'vigil_incident_actions', value: incidentId, action_ts: '1700000000.1' }],
    };
    const body = `payload=${encodeURIComponent(JSON.stringify(payload))}`;
    return t.http.inject({ method: 'POST', url: '/slack/interactivity', headers: slackHeaders(body, options.secret ?? org.secret, options.at), payload: body });
  }

  async function slash(org: Org, text: string, slackUser = org.slackUser) {
    const body = new URLSearchParams({
      token: 'deprecated-verification-token',
      team_id: 'T0VIGIL',
      team_domain: 'acme',
      channel_id: 'C0RANDOM',
      user_id: slackUser,
      command: '/vigil',
      text,
      response_url: 'https://hooks.slack.com/commands/T0VIGIL/1/abc',
      trigger_id: '1.2.3',
    }).toString();
    const response = await t.http.inject({ method: 'POST', url: '/slack/commands', headers: slackHeaders(body, org.secret), payload: body });
    expect(response.statusCode).toBe(200);
    const answer = response.json() as { response_type: string; text: string };
    expect(answer.response_type).toBe('ephemeral');
    return answer.text;
  }

  it('connects the Slack app after auth.test, keeps its secrets sealed, never returns them, and audits it', async () => {
    const org = await connectedOrg();
    expect(methodsSince()).toEqual(['auth.test']);
    expect(slack.callsOf('auth.test').at(-1)!.token).toBe(BOT_TOKEN);
    const shown = await request(t, 'GET', '/api/v1/slack', { token: org.token });
    expect(shown.status).toBe(200);
    expect(shown.body).toEqual({
      team_id: 'T0VIGIL',
      team_name: 'acme',
      bot_user_id: 'U0VIGILBOT',
      connected_at: expect.any(String),
      interactivity_url: `${PUBLIC_URL}/slack/interactivity`,
      commands_url: `${PUBLIC_URL}/slack/commands`,
    });
    const [row] = await t.vigil.deps.store.db.select().from(slackConnections).where(eq(slackConnections.orgId, org.orgId));
    expect(JSON.stringify(row)).not.toContain(BOT_TOKEN);
    expect(JSON.stringify(row)).not.toContain(org.secret);
    const audit = (await request(t, 'GET', '/api/v1/audit?limit=5', { token: org.token })).body.entries;
    expect(audit[0]).toMatchObject({ action: 'slack.connect', details: { team_id: 'T0VIGIL' } });
    expect(JSON.stringify(audit)).not.toContain(BOT_TOKEN);

    // Only admins connect; a token Slack refuses or of the wrong shape is a 4xx naming the field.
    const responder = await addMember(t, org.token, 'responder');
    expect((await request(t, 'PUT', '/api/v1/slack', { token: responder.token, body: { bot_token: BOT_TOKEN, signing_secret: org.secret } })).status).toBe(403);
    const badShape = await request(t, 'PUT', '/api/v1/slack', { token: org.token, body: { bot_token: 'xoxp-user-token', signing_secret: org.secret } });
    expect(badShape.status).toBe(400);
    expect(badShape.body.error.details[0].field).toBe('bot_token');
    const refused = await request(t, 'PUT', '/api/v1/slack', { token: org.token, body: { bot_token: 'xoxb-0000000000-revoked', signing_secret: org.secret } });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ message: expect.stringContaining('invalid_auth'), details: [{ field: 'bot_token', message: 'Slack answered invalid_auth' }] });
    expect(JSON.stringify(refused.body)).not.toContain('revoked');

    expect((await request(t, 'DELETE', '/api/v1/slack', { token: org.token })).status).toBe(204);
    expect((await request(t, 'GET', '/api/v1/slack', { token: org.token })).status).toBe(404);
    expect((await request(t, 'DELETE', '/api/v1/slack', { token: org.token })).status).toBe(404);
  });

  it('subscribes a service to channels the app is in, refusing unknown channels, channels without the app, and duplicates', async () => {
    const org = await connectedOrg();
    const { serviceId } = await newIntegration(t, org.token);
    const base = `/api/v1/services/${serviceId}/slack-channels`;
    slack.channels.set('C0OPS', { name: 'ops', isMember: true });
    slack.channels.set('C0QUIET', { name: 'quiet', isMember: false });
    const created = await request(t, 'POST', base, { token: org.token, body: { channel_id: 'C0OPS' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ service_id: serviceId, channel_id: 'C0OPS', incident_channels: false });
    expect(slack.callsOf('conversations.info').at(-1)!.args).toMatchObject({ channel: 'C0OPS' });
    expect((await request(t, 'POST', base, { token: org.token, body: { channel_id: 'C0OPS' } })).status).toBe(409);
    const outside = await request(t, 'POST', base, { token: org.token, body: { channel_id: 'C0QUIET' } });
    expect(outside.status).toBe(422);
    expect(outside.body.error.message).toContain('/invite');
    const unknown = await request(t, 'POST', base, { token: org.token, body: { channel_id: 'C0NOWHERE' } });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.details[0].field).toBe('channel_id');
    expect((await request(t, 'POST', base, { token: org.token, body: { channel_id: '#ops' } })).status).toBe(400);
    expect((await request(t, 'GET', base, { token: org.token })).body.slack_channels.map((row: { channel_id: string }) => row.channel_id)).toEqual(['C0OPS']);

    // Another organisation sees none of it.
    const other = await connectedOrg();
    expect((await request(t, 'GET', base, { token: other.token })).status).toBe(404);
    expect((await request(t, 'DELETE', `${base}/C0OPS`, { token: other.token })).status).toBe(404);
    expect((await request(t, 'DELETE', `${base}/C0OPS`, { token: org.token })).status).toBe(204);
    const actions = (await request(t, 'GET', '/api/v1/audit?limit=2', { token: org.token })).body.entries.map((entry: { action: string }) => entry.action);
    expect(actions).toEqual(['slack_channel.unsubscribe', 'slack_channel.subscribe']);
  });

  it('posts nothing while the app is disconnected, and the first incident after connecting again', async () => {
    const org = await connectedOrg();
    const { routingKey } = await subscribedService(org, 'C0AGAIN');
    await trigger(org, routingKey, 'Before the disconnect');
    await expect.poll(() => postsTo('C0AGAIN').length, POLL).toBe(1);
    expect((await request(t, 'DELETE', '/api/v1/slack', { token: org.token })).status).toBe(204);
    await trigger(org, routingKey, 'While disconnected');
    await t.vigil.engine.settle();
    // The channel subscription is kept: connecting again posts the next incident (not the one it missed).
    expect((await request(t, 'PUT', '/api/v1/slack', { token: org.token, body: { bot_token: BOT_TOKEN, signing_secret: org.secret } })).status).toBe(200);
    await trigger(org, routingKey, 'After connecting again');
    await expect.poll(() => postsTo('C0AGAIN').length, POLL).toBe(2);
    expect(JSON.stringify(postsTo('C0AGAIN')[1]!.args)).toContain('After connecting again');
    expect(JSON.stringify(postsTo('C0AGAIN').map((call) => call.args))).not.toContain('While disconnected');
  });

  it('posts a triggered incident with buttons; a signed button press acknowledges it as the Slack user; the message is updated in place', async () => {
    const org = await connectedOrg();
    const { routingKey } = await subscribedService(org, 'C0LOOP');
    const start = slack.calls.length;
    const incident = await trigger(org, routingKey, 'Checkout p99 over 2s');

    await expect.poll(() => postsTo('C0LOOP').length, POLL).toBe(1);
    const posted = postsTo('C0LOOP')[0]!;
    expect(posted.token).toBe(BOT_TOKEN);
    expect(blockText(posted)).toContain(`<${PUBLIC_URL}/incidents/${incident.id}|#${incident.number}: Checkout p99 over 2s>`);
    for (const field of ['*Status*\\nTriggered', '*Severity*\\nCritical', '*Service*\\n']) expect(blockText(posted)).toContain(field);
    expect(actionIds(posted)).toEqual(['vigil_acknowledge', 'vigil_resolve']);
    expect((posted.args['blocks'] as Block[]).find((block) => block.type === 'actions')!.elements!.map((element) => element.value)).toEqual([incident.id, incident.id]);

    const pressed = await pressButton(org, 'vigil_acknowledge', incident.id, 'C0LOOP');
    expect(pressed.statusCode).toBe(200);
    expect(await statusOf(org, incident.id)).toBe('acknowledged');
    const detail = (await request(t, 'GET', `/api/v1/incidents/${incident.id}`, { token: org.token })).body;
    expect(detail.timeline.find((entry: { type: string }) => entry.type === 'acknowledged')).toMatchObject({ actor_type: 'user', actor_id: org.userId });
    expect(slack.callsOf('users.info', start).map((call) => call.args['user'])).toEqual([org.slackUser]);

    // Updated in place: chat.update on the same channel and ts, saying who acknowledged, Resolve only.
    const firstTs = await tsOfPost('C0LOOP');
    await expect.poll(() => updatesOf('C0LOOP', firstTs).filter((call) => blockText(call).includes('Acknowledged by')).length, POLL).toBeGreaterThan(0);
    const updated = updatesOf('C0LOOP', firstTs).at(-1)!;
    expect(blockText(updated)).toContain(`Acknowledged by ${org.name}`);
    expect(blockText(updated)).toContain('*Status*\\nAcknowledged');
    expect(actionIds(updated)).toEqual(['vigil_resolve']);

    // Resolve by button: the buttons go away. The Slack user was cached: users.info is not asked again.
    expect((await pressButton(org, 'vigil_resolve', incident.id, 'C0LOOP')).statusCode).toBe(200);
    expect(await statusOf(org, incident.id)).toBe('resolved');
    await expect.poll(() => updatesOf('C0LOOP', firstTs).some((call) => blockText(call).includes('Resolved by')), POLL).toBe(true);
    expect(actionIds(updatesOf('C0LOOP', firstTs).at(-1)!)).toEqual([]);
    expect(slack.callsOf('users.info', start)).toHaveLength(1);
    expect(postsTo('C0LOOP')).toHaveLength(1);
    expect(new Set(methodsSince(start))).toEqual(new Set(['chat.postMessage', 'users.info', 'chat.update']));
  });

  /** The ts of the first message Vigil recorded in the channel: the one it updates in place. */
  async function tsOfPost(channel: string): Promise<string> {
    const [row] = await t.vigil.deps.store.db.select({ ts: slackMessages.ts }).from(slackMessages).where(eq(slackMessages.channelId, channel)).orderBy(asc(slackMessages.createdAt)).limit(1);
    expect(row, `a message recorded in ${channel}`).toBeDefined();
    return row!.ts;
  }

  it('refuses requests with a bad signature, a stale timestamp or from an unknown workspace (401), and tells unknown Slack users how to link', async () => {
    const org = await connectedOrg();
    const { routingKey } = await subscribedService(org, 'C0SIG');
    const incident = await trigger(org, routingKey, 'Signature check');
    await expect.poll(() => postsTo('C0SIG').length, POLL).toBe(1);
    const start = slack.calls.length;

    expect((await pressButton(org, 'vigil_acknowledge', incident.id, 'C0SIG', { secret: randomBytes(16).toString('hex') })).statusCode).toBe(401);
    expect((await pressButton(org, 'vigil_acknowledge', incident.id, 'C0SIG', { at: Math.floor(Date.now() / 1000) - 6 * 60 })).statusCode).toBe(401);
    expect((await pressButton(org, 'vigil_acknowledge', incident.id, 'C0SIG', { at: Math.floor(Date.now() / 1000) + 6 * 60 })).statusCode).toBe(401);
    const body = 'team_id=T0ELSEWHERE&user_id=U1&text=oncall';
    expect((await t.http.inject({ method: 'POST', url: '/slack/commands', headers: slackHeaders(body, org.secret), payload: body })).statusCode).toBe(401);
    const unsigned = 'team_id=T0VIGIL&user_id=U1&text=oncall';
    expect((await t.http.inject({ method: 'POST', url: '/slack/commands', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: unsigned })).statusCode).toBe(401);
    expect(await statusOf(org, incident.id)).toBe('triggered');
    expect(methodsSince(start)).toEqual([]);

    // Signed, but by a Slack user with no Vigil account in this organisation: told how, nothing changes.
    slack.emails.set('U0STRANGER', 'stranger@elsewhere.example');
    expect((await pressButton(org, 'vigil_acknowledge', incident.id, 'C0SIG', { slackUser: 'U0STRANGER' })).statusCode).toBe(200);
    expect(methodsSince(start)).toEqual(['users.info', 'chat.postEphemeral']);
    expect(slack.callsOf('chat.postEphemeral', start)[0]!.args).toMatchObject({ channel: 'C0SIG', user: 'U0STRANGER', text: expect.stringContaining('e-mail address of your Slack profile') });
    expect(await slash(org, 'ack 1', 'U0STRANGER')).toContain('e-mail address of your Slack profile');
    expect(await statusOf(org, incident.id)).toBe('triggered');

    // An observer is known but may not act: told why.
    const observer = await addMember(t, org.token, 'observer');
    slack.emails.set('U0OBSERVER', observer.email);
    expect((await pressButton(org, 'vigil_acknowledge', incident.id, 'C0SIG', { slackUser: 'U0OBSERVER' })).statusCode).toBe(200);
    expect(slack.callsOf('chat.postEphemeral', start).at(-1)!.args['text']).toMatch(/needs the responder role/);
    expect(await statusOf(org, incident.id)).toBe('triggered');
  });

  it('answers /vigil ack, resolve, oncall, incident create and help ephemerally', async () => {
    const org = await connectedOrg();
    const { routingKey, serviceId } = await subscribedService(org, 'C0SLASH');
    const service = (await request(t, 'GET', `/api/v1/services/${serviceId}`, { token: org.token })).body;
    const first = await trigger(org, routingKey, 'Slash one');

    expect(await slash(org, `ack ${first.number}`)).toBe(`Acknowledged #${first.number} Slash one.`);
    expect(await statusOf(org, first.id)).toBe('acknowledged');
    expect(await slash(org, `ack ${first.number}`)).toContain('acknowledged already');
    expect(await slash(org, `resolve #${first.number}`)).toBe(`Resolved #${first.number} Slash one.`);
    expect(await statusOf(org, first.id)).toBe('resolved');
    expect(await slash(org, 'ack 99999')).toBe('There is no incident #99999.');

    expect(await slash(org, 'oncall')).toMatch(/^Nobody is on call now/);
    const ada = await addMember(t, org.token, 'responder', 'Ada Oncall');
    const policy = await request(t, 'POST', '/api/v1/escalation-policies', { token: org.token, body: { name: 'Checkout primary', levels: [{ delay_minutes: 10, targets: [{ type: 'user', id: ada.id }] }] } });
    expect(policy.status).toBe(201);
    const oncall = await slash(org, 'oncall');
    expect(oncall).toContain('*Checkout primary*');
    expect(oncall).toContain('level 1: Ada Oncall');

    const created = await slash(org, `incident create ${service.name.toUpperCase()}: Payments failing in EU`);
    expect(created).toMatch(new RegExp(`^Opened #(\\d+) Payments failing in EU on ${service.name}\\.$`));
    const list = (await request(t, 'GET', '/api/v1/incidents?limit=100', { token: org.token })).body.incidents;
    const opened = list.find((incident: { title: string }) => incident.title === 'Payments failing in EU');
    expect(opened).toMatchObject({ service_id: serviceId, status: 'triggered', severity: 'critical' });
    const audit = (await request(t, 'GET', '/api/v1/audit?limit=20', { token: org.token })).body.entries;
    expect(audit.find((entry: { action: string }) => entry.action === 'incident.create')).toMatchObject({ actor_type: 'user', actor_id: org.userId });
    // Opened from Slack, posted to Slack like any other incident.
    await expect.poll(() => postsTo('C0SLASH').filter((call) => blockText(call).includes('Payments failing in EU')).length, POLL).toBe(1);

    expect(await slash(org, 'incident create No such service: x')).toMatch(/^There is no service named “No such service”\. Services: /);
    expect(await slash(org, 'help')).toContain('/vigil incident create <service name>: <title>');
    expect(await slash(org, 'dance')).toMatch(/is not a Vigil command[\s\S]*\/vigil ack <number>/);

    // Slack failing to say who the user is: told so at once, nothing done.
    slack.emails.set('U0FLAKY', org.email);
    slack.failNext('users.info', { status: 500, body: 'upstream error' });
    expect(await slash(org, 'incident create whatever: x', 'U0FLAKY')).toMatch(/could not ask Slack who you are/);
  });

  it('pages a person by Slack direct message with buttons, and updates that message as the incident changes', async () => {
    const org = await connectedOrg();
    const userId = await userIdOf(t, org.token);
    const invalid = await request(t, 'POST', `/api/v1/users/${userId}/contact-methods`, { token: org.token, body: { type: 'slack', address: '@admin' } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.details[0]).toMatchObject({ field: 'address', message: expect.stringContaining('Slack member ID') });
    const method = await request(t, 'POST', `/api/v1/users/${userId}/contact-methods`, { token: org.token, body: { type: 'slack', address: org.slackUser } });
    expect(method.status).toBe(201);
    expect(method.body).toMatchObject({ type: 'slack', label: 'Slack', address: org.slackUser });
    expect((await request(t, 'POST', `/api/v1/users/${userId}/notification-rules`, { token: org.token, body: { urgency: 'high', contact_method_id: method.body.id, delay_minutes: 0 } })).status).toBe(201);
    const policy = await request(t, 'POST', '/api/v1/escalation-policies', { token: org.token, body: { name: 'Me', levels: [{ delay_minutes: 30, targets: [{ type: 'user', id: userId }] }] } });
    const { serviceId, routingKey } = await newIntegration(t, org.token);
    expect((await request(t, 'PATCH', `/api/v1/services/${serviceId}`, { token: org.token, body: { escalation_policy_id: policy.body.id } })).status).toBe(200);

    const start = slack.calls.length;
    const incident = await trigger(org, routingKey, 'Paged by DM');
    const dm = `D${org.slackUser.slice(1)}`;
    await expect.poll(() => postsTo(dm).length, POLL).toBe(1);
    expect(slack.callsOf('conversations.open', start).map((call) => call.args['users'])).toEqual([org.slackUser]);
    const page = postsTo(dm)[0]!;
    expect(blockText(page)).toContain(`You are paged for incident #${incident.number}.`);
    expect(actionIds(page)).toEqual(['vigil_acknowledge', 'vigil_resolve']);
    await expect
      .poll(async () => ((await request(t, 'GET', `/api/v1/incidents/${incident.id}`, { token: org.token })).body.timeline as Array<{ message: string }>).some((entry) => entry.message.includes(`by slack (${org.slackUser})`)), POLL)
      .toBe(true);

    // The button in the direct message works like the one in a channel, and the DM is updated in place.
    expect((await pressButton(org, 'vigil_acknowledge', incident.id, dm)).statusCode).toBe(200);
    expect(await statusOf(org, incident.id)).toBe('acknowledged');
    const ts = await tsOfPost(dm);
    await expect.poll(() => updatesOf(dm, ts).some((call) => blockText(call).includes(`Acknowledged by ${org.name}`)), POLL).toBe(true);
    expect(actionIds(updatesOf(dm, ts).at(-1)!)).toEqual(['vigil_resolve']);
  });

  it('opens #inc-<number>-<title> for a subscription that asks for it, posts there, and archives it on resolve', async () => {
    const org = await connectedOrg();
    const { routingKey } = await subscribedService(org, 'C0WARROOM', true);
    const start = slack.calls.length;
    const incident = await trigger(org, routingKey, 'Database primary down!');

    await expect.poll(() => slack.callsOf('conversations.create', start).length, POLL).toBe(1);
    const create = slack.callsOf('conversations.create', start)[0]!;
    expect(create.args).toMatchObject({ name: `inc-${incident.number}-database-primary-down`, is_private: 'false' });
    const channelId = [...slack.channels].find(([, channel]) => channel.name === create.args['name'])![0];
    await expect.poll(() => postsTo(channelId).length, POLL).toBe(1);
    await expect.poll(() => postsTo('C0WARROOM').length, POLL).toBe(1);
    // The service channel's message links the incident channel.
    const serviceTs = await tsOfPost('C0WARROOM');
    await expect.poll(() => [...postsTo('C0WARROOM'), ...updatesOf('C0WARROOM', serviceTs)].some((call) => blockText(call).includes(`<#${channelId}>`)), POLL).toBe(true);

    expect((await request(t, 'POST', `/api/v1/incidents/${incident.id}/resolve`, { token: org.token })).status).toBe(200);
    await expect.poll(() => slack.callsOf('conversations.archive', start).map((call) => call.args['channel']), POLL).toEqual([channelId]);
    await expect.poll(() => updatesOf('C0WARROOM', serviceTs).some((call) => blockText(call).includes('*Status*\\nResolved')), POLL).toBe(true);
    expect(slack.callsOf('conversations.create', start)).toHaveLength(1);
  });

  it('retries a rate-limited post through the queue: one message in the end', async () => {
    const org = await connectedOrg();
    const { routingKey } = await subscribedService(org, 'C0BUSY');
    slack.failNext('chat.postMessage', { status: 429, headers: { 'retry-after': '1' }, body: JSON.stringify({ ok: false, error: 'ratelimited' }) });
    const start = slack.calls.length;
    await trigger(org, routingKey, 'Rate limited');
    await expect.poll(() => slack.callsOf('chat.postMessage', start).length, POLL).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(slack.callsOf('chat.postMessage', start)).toHaveLength(2);
    expect(await t.vigil.deps.store.db.select().from(slackMessages).where(eq(slackMessages.channelId, 'C0BUSY'))).toHaveLength(1);
  });
});
