// The live stream bench's reference: a bare `ws` server that answers POST /v2/enqueue with 202 and then sends
// every client a message shaped and sized like Vigil's incident.triggered — no store, no fold, no bus. Run in
// a process of its own on the server's core and measured by the same load process as Vigil, it gives this
// machine's floor for "202 → last client". Prints its URL as one JSON line.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';

const sockets = new WebSocketServer({ noServer: true, perMessageDeflate: false });
const serviceId = randomUUID();
let sequence = 0;

function incidentTriggered(dedupKey: string): string {
  sequence += 1;
  const now = new Date().toISOString();
  const incident = { id: randomUUID(), title: `stream bench ${dedupKey}`, number: sequence, status: 'triggered', urgency: 'high', severity: 'critical', created_at: now, service_id: serviceId, updated_at: now, alert_count: 1, resolved_at: null, acknowledged_at: null, open_alert_count: 1 };
  return JSON.stringify({ id: String(sequence), type: 'incident.triggered', data: { alert_id: randomUUID(), incident, dedup_key: dedupKey } });
}

const server = createServer((request, response) => {
  if (request.method !== 'POST' || request.url !== '/v2/enqueue') {
    response.writeHead(404).end();
    return;
  }
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const body = JSON.parse(Buffer.concat(chunks).toString()) as { dedup_key: string };
    response.writeHead(202, { 'content-type': 'application/json' }).end('{"status":"success","message":"Event processed"}');
    // After the answer, as Vigil sends its message after the 202.
    setImmediate(() => {
      const message = incidentTriggered(body.dedup_key);
      for (const socket of sockets.clients) socket.send(message);
    });
  });
});

server.on('upgrade', (request, socket, head) => {
  sockets.handleUpgrade(request, socket, head, (client) => client.send(JSON.stringify({ type: 'ready', data: { last_id: '0' } })));
});

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })}\n`);
});
process.on('SIGTERM', () => process.exit(0));
