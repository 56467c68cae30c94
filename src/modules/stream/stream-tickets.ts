import type { webcrypto } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import type { Clock } from '../../ports/clock.ts';
import { type Actor, roles } from '../orgs/actor.ts';

/** Long enough to open a connection right after asking; too short to be worth stealing from a log. */
const STREAM_TICKET_TTL_SECONDS = 60;
const ISSUER = 'vigil';
/** Keeps other tokens signed with the installation's key (action links) from passing as tickets. */
const AUDIENCE = 'vigil:stream-ticket';

const claimsSchema = z.object({ org: z.uuid(), sub: z.uuid(), user: z.uuid(), kind: z.enum(['user', 'api_key']), role: z.enum(roles) });

/**
 * Short-lived tickets for clients that cannot send a header on a WebSocket or EventSource (browsers): a
 * signed HS256 JWT naming who asked, checked by any process with the installation's key.
 */
export class StreamTickets {
  constructor(
    private readonly key: () => Promise<webcrypto.CryptoKey>,
    private readonly clock: Clock,
  ) {}

  async issue(actor: Actor): Promise<{ ticket: string; expiresAt: Date }> {
    const now = Math.floor(this.clock.now().getTime() / 1000);
    const ticket = await new SignJWT({ org: actor.orgId, user: actor.userId, kind: actor.type, role: actor.role })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject(actor.id)
      .setIssuedAt(now)
      .setExpirationTime(now + STREAM_TICKET_TTL_SECONDS)
      .sign(await this.key());
    return { ticket, expiresAt: new Date((now + STREAM_TICKET_TTL_SECONDS) * 1000) };
  }

  /** The actor the ticket was issued to, or why it is refused. */
  async redeem(ticket: string, origin: { ip: string; requestId: string }): Promise<Actor | 'invalid' | 'expired'> {
    try {
      const { payload } = await jwtVerify(ticket, await this.key(), { algorithms: ['HS256'], issuer: ISSUER, audience: AUDIENCE, requiredClaims: ['exp', 'sub'], currentDate: this.clock.now() });
      const claims = claimsSchema.safeParse(payload);
      if (!claims.success) return 'invalid';
      return { orgId: claims.data.org, type: claims.data.kind, id: claims.data.sub, userId: claims.data.user, role: claims.data.role, ...origin };
    } catch (error) {
      if (error instanceof errors.JWTExpired) return 'expired';
      if (error instanceof errors.JOSEError) return 'invalid';
      throw error;
    }
  }
}

/** A ticket is a JWT (three dot-separated parts); an API key has no dots. */
export const looksLikeTicket = (token: string): boolean => token.split('.').length === 3;
