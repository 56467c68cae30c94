import rateLimit, { type RateLimitOptions } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Deps } from '../app/deps.ts';
import { AppError } from './errors.ts';

const WINDOW_MS = 15 * 60_000;

/**
 * Guesses at a password, and setups and sign-ups, are limited: VIGIL_CREDENTIAL_ATTEMPTS per 15 minutes per key
 * (an address and an e-mail for sign-in, a user for a password change, an address for setup and sign-up),
 * counted across processes in scaled mode. Registers the limiter for the routes of `app` that ask for it with
 * `config: { rateLimit: credentialAttempts(deps, key) }`.
 */
export async function limitCredentialAttempts(app: FastifyInstance, deps: Deps): Promise<void> {
  await app.register(rateLimit, {
    ...deps.rateLimits.options,
    global: false,
    // After the body is parsed and the caller authenticated: keys may name the e-mail or the user.
    hook: 'preHandler',
    errorResponseBuilder: (_request, context) => new AppError('rate_limited', `Too many attempts: at most ${context.max} every 15 minutes. Retry in ${context.after}.`),
  });
}

export function credentialAttempts(deps: Deps, key: (request: FastifyRequest) => string): RateLimitOptions {
  return { max: deps.config.VIGIL_CREDENTIAL_ATTEMPTS, timeWindow: WINDOW_MS, keyGenerator: (request) => `credentials:${key(request)}` };
}
