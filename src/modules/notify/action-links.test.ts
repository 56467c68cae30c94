import { randomBytes, webcrypto } from 'node:crypto';
import { SignJWT, UnsecuredJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { ACTION_LINK_TTL_SECONDS, ActionLinks, type ActionClaims } from './action-links.ts';

const hmacKey = () => webcrypto.subtle.importKey('raw', randomBytes(32), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
const key = await hmacKey();
const claims: ActionClaims = {
  org: '00000000-0000-4000-8000-000000000001',
  incident: '00000000-0000-4000-8000-000000000002',
  user: '00000000-0000-4000-8000-000000000003',
  action: 'acknowledge',
};

function at(start: Date) {
  let now = start;
  return { clock: { now: () => now }, move: (ms: number) => (now = new Date(now.getTime() + ms)) };
}

describe('action link tokens', () => {
  it('carry the claims and expire after 24 hours by the injected clock', async () => {
    const time = at(new Date('2026-03-01T00:00:00Z'));
    const links = new ActionLinks(async () => key, time.clock);
    const token = await links.sign(claims);
    expect(await links.check(token)).toEqual({ ok: true, claims });
    time.move(ACTION_LINK_TTL_SECONDS * 1000 - 1000);
    expect((await links.check(token)).ok).toBe(true);
    time.move(2000);
    expect(await links.check(token)).toEqual({ ok: false, reason: 'expired' });
  });

  it('are refused when signed with another key, unsigned, or made for another purpose', async () => {
    const { clock } = at(new Date());
    const links = new ActionLinks(async () => key, clock);
    const other = new ActionLinks(hmacKey, clock);
    expect(await links.check(await other.sign(claims))).toEqual({ ok: false, reason: 'invalid' });
    const unsecured = new UnsecuredJWT({ ...claims }).setIssuer('vigil').setAudience('vigil:action-link').setExpirationTime('1h').encode();
    expect(await links.check(unsecured)).toEqual({ ok: false, reason: 'invalid' });
    const otherAudience = await new SignJWT({ ...claims }).setProtectedHeader({ alg: 'HS256' }).setIssuer('vigil').setAudience('vigil:session').setExpirationTime('1h').sign(key);
    expect(await links.check(otherAudience)).toEqual({ ok: false, reason: 'invalid' });
    const noExpiry = await new SignJWT({ ...claims }).setProtectedHeader({ alg: 'HS256' }).setIssuer('vigil').setAudience('vigil:action-link').sign(key);
    expect(await links.check(noExpiry)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('are refused when their claims are not ours', async () => {
    const { clock } = at(new Date());
    const links = new ActionLinks(async () => key, clock);
    const sign = (payload: Record<string, unknown>) =>
      new SignJWT(payload).setProtectedHeader({ alg: 'HS256' }).setIssuer('vigil').setAudience('vigil:action-link').setExpirationTime('1h').sign(key);
    expect(await links.check(await sign({ ...claims, action: 'delete' }))).toEqual({ ok: false, reason: 'invalid' });
    expect(await links.check(await sign({ ...claims, org: 'not-a-uuid' }))).toEqual({ ok: false, reason: 'invalid' });
    for (const junk of ['', 'a.b.c', 'x'.repeat(5000), '....']) expect(await links.check(junk)).toEqual({ ok: false, reason: 'invalid' });
  });
});
