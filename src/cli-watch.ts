import { parseArgs } from 'node:util';
import WebSocket from 'ws';

const RECONNECT_MAX_MS = 10_000;

interface Message {
  id?: string;
  type: string;
  data: Record<string, unknown>;
}

/** One line per event: when, what, and the incident's number, status and title (or the change's summary). */
function describe(message: Message): string {
  const incident = message.data['incident'] as { number?: number; status?: string; title?: string } | undefined;
  const what = incident ? `#${incident.number} [${incident.status}] ${incident.title}` : String(message.data['summary'] ?? '');
  return `${new Date().toISOString()}  ${message.type.padEnd(22)} ${what}`;
}

/**
 * `vigil watch`: prints the organisation's live stream until interrupted. Reconnects after a dropped
 * connection (backing off to 10 s) and resumes from the last event it printed, so it misses nothing.
 */
export async function watch(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { url: { type: 'string' }, token: { type: 'string' }, services: { type: 'string' }, types: { type: 'string' } } });
  const token = values.token ?? process.env['VIGIL_TOKEN'];
  if (!token) {
    console.error('vigil watch needs an API key: --token or VIGIL_TOKEN.');
    return 1;
  }
  const base = new URL('/api/v1/stream', values.url ?? process.env['VIGIL_URL'] ?? 'http://127.0.0.1:8080');
  base.protocol = base.protocol === 'https:' ? 'wss:' : 'ws:';
  if (values.services) base.searchParams.set('services', values.services);
  if (values.types) base.searchParams.set('types', values.types);
  let lastId: string | undefined;
  let delayMs = 500;
  for (;;) {
    const url = new URL(base);
    if (lastId) url.searchParams.set('last_event_id', lastId);
    const outcome = await new Promise<{ refused?: string }>((resolve) => {
      const socket = new WebSocket(url, { headers: { authorization: `Bearer ${token}` } });
      socket.on('unexpected-response', (_request, response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => resolve({ refused: `${response.statusCode}: ${body}` }));
      });
      socket.on('message', (raw) => {
        delayMs = 500;
        const message = JSON.parse(raw.toString()) as Message;
        if (message.id !== undefined) {
          lastId = message.id;
          console.log(describe(message));
        } else if (message.type === 'reset') console.log(`stream reset: ${String(message.data['reason'])}`);
        else if (message.type === 'ready') console.error(`watching ${base.origin} (live)`);
      });
      socket.on('close', () => resolve({}));
      socket.on('error', (error) => console.error(`stream connection: ${error.message}`));
    });
    // A refusal (bad key, bad filter) does not get better by retrying; server errors and limits might.
    if (outcome.refused && /^4(0\d|1\d)\b/.test(outcome.refused)) {
      console.error(`The stream was refused: ${outcome.refused}`);
      return 1;
    }
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    delayMs = Math.min(delayMs * 2, RECONNECT_MAX_MS);
  }
}
