import type { FastifyBaseLogger } from 'fastify';
import type { FastifyChildLoggerFactory } from 'fastify/types/logger.js';

/** What Fastify checks a request logger has (and what requests mostly call): answered without making the child. */
const LOG_METHODS = new Set<PropertyKey>(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent', 'child']);

/**
 * Fastify gives every request a child logger, and pino's `child()` serialises and redacts its bindings: a few
 * microseconds on each of thousands of ingested events a second that never log a line. This factory hands
 * out a stand-in that makes the real child on first use, with the same bindings and options.
 */
export const lazyRequestLogger: FastifyChildLoggerFactory = (logger, bindings, options) => {
  let child: FastifyBaseLogger | undefined;
  const real = (): FastifyBaseLogger => (child ??= logger.child(bindings, options));
  const methods = new Map<PropertyKey, (...args: unknown[]) => unknown>();
  // Fastify keeps markers of its own on the logger (symbols); they stay on the stand-in.
  const own: Record<PropertyKey, unknown> = {};
  return new Proxy(own as unknown as FastifyBaseLogger, {
    get(_target, property) {
      if (LOG_METHODS.has(property)) {
        let method = methods.get(property);
        if (!method) {
          method = (...args: unknown[]) => (Reflect.get(real(), property) as (...a: unknown[]) => unknown).apply(real(), args);
          methods.set(property, method);
        }
        return method;
      }
      if (Object.hasOwn(own, property)) return own[property];
      const value: unknown = Reflect.get(real(), property);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(real()) : value;
    },
    set(_target, property, value) {
      if (typeof property === 'symbol') own[property] = value;
      else Reflect.set(real(), property, value);
      return true;
    },
    has: (_target, property) => Object.hasOwn(own, property) || property in real(),
  });
};
