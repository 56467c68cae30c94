import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One Web API call as the fake received it: form fields, JSON-valued ones (blocks) decoded. */
export interface SlackCall {
  method: string;
  token: string | null;
  args: Record<string, unknown>;
}

type Answer = Record<string, unknown> | { status: number; headers?: Record<string, string>; body: string };
type Handler = (args: Record<string, unknown>) => Answer;

/**
 * A stand-in for Slack's Web API (https://slack.com/api/<method>) on a local port, for the real
 * @slack/web-api client. It answers the methods Vigil calls like Slack does, checks the bearer token,
 * records every call, and records as unexpected (answering `unknown_method`) any method it does not know.
 */
export class FakeSlack {
  readonly calls: SlackCall[] = [];
  readonly unexpected: string[] = [];
  /** E-mail address of each Slack user's profile (users.info). */
  readonly emails = new Map<string, string>();
  /** Channels conversations.info knows, and whether the bot is in each. */
  readonly channels = new Map<string, { name: string; isMember: boolean }>();
  private readonly failures = new Map<string, Answer[]>();
  private server!: Server;
  private counter = 0;

  constructor(
    readonly team: { id: string; name: string; botUserId: string; botToken: string },
  ) {}

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api/`;
  }

  /** The next call of `method` gets this answer instead (a 429, an error). */
  failNext(method: string, answer: Answer): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), answer]);
  }

  callsOf(method: string, since = 0): SlackCall[] {
    return this.calls.slice(since).filter((call) => call.method === method);
  }

  private readonly handlers: Record<string, Handler> = {
    'auth.test': () => ({ ok: true, url: `https://${this.team.name}.slack.com/`, team: this.team.name, user: 'vigil', team_id: this.team.id, user_id: this.team.botUserId, bot_id: 'B0VIGIL' }),
    'conversations.info': (args) => {
      const channel = this.channels.get(String(args['channel']));
      if (!channel) return { ok: false, error: 'channel_not_found' };
      return { ok: true, channel: { id: args['channel'], name: channel.name, is_channel: true, is_archived: false, is_member: channel.isMember } };
    },
    'chat.postMessage': (args) => {
      const ts = this.nextTs();
      return { ok: true, channel: args['channel'], ts, message: { text: args['text'], ts } };
    },
    'chat.update': (args) => ({ ok: true, channel: args['channel'], ts: args['ts'], text: args['text'] }),
    'chat.postEphemeral': () => ({ ok: true, message_ts: this.nextTs() }),
    'users.info': (args) => {
      const id = String(args['user']);
      const email = this.emails.get(id);
      return { ok: true, user: { id, team_id: this.team.id, name: id.toLowerCase(), profile: email ? { email, real_name: id } : { real_name: id } } };
    },
    'conversations.open': (args) => ({ ok: true, channel: { id: `D${String(args['users']).slice(1)}` } }),
    'conversations.create': (args) => {
      const name = String(args['name']);
      const id = `C${(this.counter += 1).toString().padStart(6, '0')}INC`;
      this.channels.set(id, { name, isMember: true });
      return { ok: true, channel: { id, name, is_channel: true, is_member: true } };
    },
    'conversations.archive': () => ({ ok: true }),
  };

  private nextTs(): string {
    this.counter += 1;
    return `1700000000.${String(this.counter).padStart(6, '0')}`;
  }

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      void this.handle(request).then(({ status, headers, body }) => {
        response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
        response.end(body);
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }

  private async handle(request: IncomingMessage): Promise<{ status: number; headers?: Record<string, string>; body: string }> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const method = (request.url ?? '').replace(/^\/api\//, '').split('?')[0]!;
    const authorization = request.headers['authorization'];
    const token = authorization?.startsWith('Bearer ') ? authorization.slice('Bearer '.length) : null;
    const args: Record<string, unknown> = {};
    const type = request.headers['content-type'] ?? '';
    const text = Buffer.concat(chunks).toString('utf8');
    if (type.startsWith('application/json')) Object.assign(args, JSON.parse(text || '{}'));
    else {
      for (const [key, value] of new URLSearchParams(text)) {
        args[key] = /^[[{]/.test(value) ? JSON.parse(value) : value;
      }
    }
    this.calls.push({ method, token, args });
    const handler = this.handlers[method];
    if (!handler) {
      this.unexpected.push(method);
      return { status: 200, body: JSON.stringify({ ok: false, error: 'unknown_method' }) };
    }
    if (token !== this.team.botToken) return { status: 200, body: JSON.stringify({ ok: false, error: 'invalid_auth' }) };
    const failure = this.failures.get(method)?.shift();
    const answer = failure ?? handler(args);
    if ('status' in answer && typeof answer.status === 'number' && typeof answer['body'] === 'string') return answer as { status: number; headers?: Record<string, string>; body: string };
    return { status: 200, body: JSON.stringify(answer) };
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
