import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { WebSocket } from 'ws';
import type { StreamTransport } from './stream-hub.ts';

/**
 * How long a closed client may take to read the close frame before its socket is destroyed. Nothing more
 * is queued for it meanwhile, so waiting costs no memory beyond the bound it crossed; a busy client that
 * is still draining its socket buffers gets to see why it was closed.
 */
const CLOSE_GRACE_MS = 5000;

export function webSocketTransport(socket: WebSocket): StreamTransport {
  let answered = true;
  socket.on('pong', () => {
    answered = true;
  });
  return {
    kind: 'websocket',
    send: (message) => socket.send(message.bytes(), { binary: false }),
    sendRun: (run) => {
      // Frames ws made, written where ws writes them: without per-message compression (off, as ws defaults on
      // a server) ws writes each send at once, so nothing of its own can be waiting to go out first. After
      // close, ws drops what is sent; so does this.
      const raw = rawSocket(socket);
      if (socket.readyState === WebSocket.OPEN && raw) raw.write(run.webSocketFrames());
    },
    unsentBytes: () => socket.bufferedAmount,
    heartbeat: () => {
      if (!answered) return false;
      answered = false;
      socket.ping();
      return true;
    },
    close: (code, reason) => {
      socket.close(code, reason);
      // A client that is not reading never takes the close frame: what is queued for it is freed now.
      setTimeout(() => socket.terminate(), CLOSE_GRACE_MS).unref();
    },
  };
}

function rawSocket(socket: WebSocket): Socket | undefined {
  return (socket as unknown as { _socket?: Socket })._socket;
}

/** Server-Sent Events on a hijacked response: each message an `id:` (events only) and a `data:` line. */
export function sseTransport(response: ServerResponse): StreamTransport {
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    // Proxies (nginx) would otherwise hold messages back to fill their buffers.
    'x-accel-buffering': 'no',
  });
  response.write('retry: 3000\n\n');
  return {
    kind: 'sse',
    send: (message) => {
      response.write(message.sseRecord());
    },
    sendRun: (run) => {
      response.write(run.sseRecords());
    },
    unsentBytes: () => response.writableLength,
    heartbeat: () => {
      if (response.destroyed) return false;
      response.write(': ping\n\n');
      return true;
    },
    close: (code) => {
      // A slow client cannot take a goodbye; anyone else gets the stream's end.
      if (code === 1001) response.end();
      else response.destroy();
    },
  };
}
