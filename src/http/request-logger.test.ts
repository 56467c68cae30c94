import Fastify, { type FastifyBaseLogger } from 'fastify';
import type { Logger } from 'pino';
import { afterEach, expect, it } from 'vitest';
import { createLogger } from '../app/logger.ts';
import { lazyRequestLogger } from './request-logger.ts';

const apps: Array<{ close(): Promise<unknown> }> = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

async function appLogging() {
  const lines: Array<Record<string, unknown>> = [];
  const log = createLogger({ LOG_LEVEL: 'info', VIGIL_LOG_PRETTY: false }, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
  let children = 0;
  // Counts the children made of the logger Fastify hands the factory.
  const counting = (logger: FastifyBaseLogger) =>
    new Proxy(logger, {
      get: (target, property) => (property === 'child' ? (...args: Parameters<FastifyBaseLogger['child']>) => (children++, target.child(...args)) : Reflect.get(target, property, target)),
    });
  const app = Fastify({
    loggerInstance: log as FastifyBaseLogger,
    childLoggerFactory(logger, bindings, options, rawRequest) {
      return lazyRequestLogger.call(this, counting(logger), bindings, options, rawRequest);
    },
    disableRequestLogging: true,
  });
  apps.push(app);
  app.get('/quiet', async () => ({ ok: true }));
  app.get('/chatty', async (request) => {
    request.log.info({ step: 1 }, 'handling');
    request.log.child({ part: 'inner' }).warn('nested');
    return { level: request.log.level, enabled: (request.log as unknown as Logger).isLevelEnabled('debug') };
  });
  return { app, lines, children: () => children };
}

it('makes no child logger for a request that never logs', async () => {
  const { app, lines, children } = await appLogging();
  for (let i = 0; i < 3; i++) expect((await app.inject({ url: '/quiet' })).statusCode).toBe(200);
  expect(children()).toBe(0);
  expect(lines).toEqual([]);
});

it("logs a request's lines with its id, through children of its own, at the parent's level", async () => {
  const { app, lines, children } = await appLogging();
  const response = await app.inject({ url: '/chatty' });
  expect(response.json()).toEqual({ level: 'info', enabled: false });
  expect(children()).toBe(1);
  const reqId = lines[0]?.['reqId'];
  expect(reqId).toEqual(expect.any(String));
  expect(lines).toEqual([expect.objectContaining({ reqId, step: 1, msg: 'handling', level: 30 }), expect.objectContaining({ reqId, part: 'inner', msg: 'nested', level: 40 })]);
});
