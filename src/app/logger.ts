import { DrizzleQueryError } from 'drizzle-orm';
import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import type { Config } from '../config/config.ts';

/** Settings whose values carry credentials: redacted wherever they appear in a log line (top level or one down). */
const secretSettings = ['SMTP_URL', 'DATABASE_URL', 'REDIS_URL'];

/**
 * JSON lines by default; pretty in development. Credentials never reach the log. `destination` is for tests.
 */
export function createLogger(config: Pick<Config, 'LOG_LEVEL' | 'VIGIL_LOG_PRETTY'>, destination?: DestinationStream): Logger {
  const options: LoggerOptions = {
    level: config.LOG_LEVEL,
    base: { service: 'vigil' },
    serializers: { err: errWithoutQueryParams },
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', '*.password', '*.token', '*.routing_key', ...secretSettings, ...secretSettings.map((name) => `*.${name}`)],
      censor: '[redacted]',
    },
    ...(config.VIGIL_LOG_PRETTY && !destination && { transport: { target: 'pino-pretty', options: { translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname,service' } } }),
  };
  return destination ? pino(options, destination) : pino(options);
}

/**
 * A failed query's error (drizzle's, here or as the cause of another) quotes its parameters in its message,
 * stack and `params`: password hashes, token hashes, event payloads. The log keeps the query text (placeholders).
 */
function errWithoutQueryParams(error: unknown): unknown {
  const serialized = pino.stdSerializers.err(error as Error) as unknown;
  if (typeof serialized !== 'object' || serialized === null) return serialized;
  const fields = serialized as Record<string, unknown>;
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    if (!(cause instanceof DrizzleQueryError)) continue;
    if (cause === error) delete fields['params'];
    const safe = `Failed query: ${cause.query}\nparams: [redacted]`;
    for (const key of ['message', 'stack']) {
      const text = fields[key];
      if (typeof text === 'string') fields[key] = text.split(cause.message).join(safe);
    }
  }
  return serialized;
}
