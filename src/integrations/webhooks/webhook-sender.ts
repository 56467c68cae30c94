import { LRUCache } from 'lru-cache';
import { Webhook } from 'standardwebhooks';
import { Agent, request } from 'undici';
import { DestinationRefused, guardedLookup, refuseLiteral } from './destination.ts';

/** Longest wait for one attempt: connecting, sending and reading the response. */
const ATTEMPT_TIMEOUT_MS = 10_000;
/** Response body kept in the delivery log; the rest is not even read. */
export const RESPONSE_BODY_LIMIT = 2048;
/** Error text kept in the delivery log. */
const ERROR_LIMIT = 500;

export interface OutgoingWebhook {
  url: string;
  allowPrivateNetwork: boolean;
  /** `webhook-id`: the same on every attempt of a delivery. */
  id: string;
  timestamp: Date;
  body: string;
  /** Signing secrets (`whsec_…`): the current one, and during a rotation the previous one too. */
  secrets: string[];
}

export interface AttemptOutcome {
  succeeded: boolean;
  statusCode: number | null;
  responseBody: string | null;
  error: string | null;
  durationMs: number;
}


/**
 * Makes webhook requests: signed, no redirects followed, bounded in time and in what is read back. Two
 * connection pools: one whose every connection passes the SSRF guard, one for subscriptions allowed to
 * reach private networks.
 */
export class WebhookSender {
  private readonly guarded = new Agent({
    connect: { timeout: ATTEMPT_TIMEOUT_MS, lookup: guardedLookup },
    headersTimeout: ATTEMPT_TIMEOUT_MS,
    bodyTimeout: ATTEMPT_TIMEOUT_MS,
  });
  private readonly unguarded = new Agent({ connect: { timeout: ATTEMPT_TIMEOUT_MS }, headersTimeout: ATTEMPT_TIMEOUT_MS, bodyTimeout: ATTEMPT_TIMEOUT_MS });

  /** Signers by secret: decoding a secret for every request of a fan-out is wasted work. */
  private readonly signers = new LRUCache<string, Webhook>({ max: 1000 });

  /** The Standard Webhooks headers for a body: `webhook-signature` holds one `v1,<base64>` per secret, space-separated. */
  private signatureHeaders(id: string, timestamp: Date, body: string, secrets: string[]): Record<string, string> {
    const signatures = secrets.map((secret) => {
      let signer = this.signers.get(secret);
      if (!signer) this.signers.set(secret, (signer = new Webhook(secret)));
      return signer.sign(id, timestamp, body);
    });
    return { 'webhook-id': id, 'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)), 'webhook-signature': signatures.join(' ') };
  }

  async send(webhook: OutgoingWebhook): Promise<AttemptOutcome> {
    const started = performance.now();
    const took = () => Math.round(performance.now() - started);
    try {
      const url = new URL(webhook.url);
      if (!webhook.allowPrivateNetwork) refuseLiteral(url);
      const response = await request(url, {
        method: 'POST',
        dispatcher: webhook.allowPrivateNetwork ? this.unguarded : this.guarded,
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Vigil-Webhooks/1.0',
          ...this.signatureHeaders(webhook.id, webhook.timestamp, webhook.body, webhook.secrets),
        },
        body: webhook.body,
        maxRedirections: 0,
        signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
      });
      const responseBody = await readCapped(response.body);
      const { statusCode } = response;
      if (statusCode >= 200 && statusCode < 300) return { succeeded: true, statusCode, responseBody, error: null, durationMs: took() };
      const location = response.headers['location'];
      const error =
        statusCode >= 300 && statusCode < 400
          ? `HTTP ${statusCode}: redirects are not followed${typeof location === 'string' ? ` (to ${location.slice(0, 200)})` : ''}`
          : `HTTP ${statusCode}`;
      return { succeeded: false, statusCode, responseBody, error, durationMs: took() };
    } catch (error) {
      return { succeeded: false, statusCode: null, responseBody: null, error: describeError(error), durationMs: took() };
    }
  }

  async close(): Promise<void> {
    await Promise.all([this.guarded.close(), this.unguarded.close()]);
  }
}

async function readCapped(body: AsyncIterable<Buffer> & { destroy(): unknown }): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= RESPONSE_BODY_LIMIT) break; // leaving the loop destroys the stream: the rest is never read
  }
  // PostgreSQL text holds no NUL; a cut multi-byte character becomes U+FFFD.
  return Buffer.concat(chunks).subarray(0, RESPONSE_BODY_LIMIT).toString('utf8').replace(/\0/g, '');
}

function describeError(error: unknown): string {
  let message: string;
  if (error instanceof DestinationRefused) message = error.message;
  else if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) message = `No answer within ${ATTEMPT_TIMEOUT_MS / 1000} s`;
  else if (error instanceof Error) {
    // undici wraps the lookup's refusal and socket errors: the innermost cause says what happened.
    const cause = (error as { cause?: unknown }).cause;
    if (cause instanceof DestinationRefused) message = cause.message;
    else {
      const code = (error as NodeJS.ErrnoException).code;
      message = cause instanceof Error ? `${error.message}: ${cause.message}` : `${error.message}${code && !error.message.includes(code) ? ` (${code})` : ''}`;
    }
  } else message = String(error);
  return message.slice(0, ERROR_LIMIT);
}
