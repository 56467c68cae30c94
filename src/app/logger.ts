import pino, { type Logger } from 'pino';
import type { Config } from '../config/config.ts';

/** JSON lines by default; pretty in development. Credentials never reach the log. */
export function createLogger(config: Pick<Config, 'LOG_LEVEL' | 'VIGIL_LOG_PRETTY'>): Logger {
  return pino({
    level: config.LOG_LEVEL,
    base: { service: 'vigil' },
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', '*.password', '*.token', '*.routing_key'],
      censor: '[redacted]',
    },
    ...(config.VIGIL_LOG_PRETTY && { transport: { target: 'pino-pretty', options: { translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname,service' } } }),
  });
}
