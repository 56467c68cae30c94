import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { freshTimestamp, signatureMatches, slackSignature } from './slack.signature.ts';
import { parseSlashCommand } from './slack.slash.ts';

describe('the /vigil command text', () => {
  it.each([
    ['', { kind: 'help' }],
    ['help', { kind: 'help' }],
    ['ack 12', { kind: 'acknowledge', number: 12 }],
    ['  ACK   #12 ', { kind: 'acknowledge', number: 12 }],
    ['acknowledge 3', { kind: 'acknowledge', number: 3 }],
    ['resolve 7', { kind: 'resolve', number: 7 }],
    ['oncall', { kind: 'oncall' }],
    ['on-call', { kind: 'oncall' }],
    ['incident create Checkout: payments failing', { kind: 'create', service: 'Checkout', title: 'payments failing' }],
    ['incident create Payments API: p99 over 2s: since 10:00', { kind: 'create', service: 'Payments API', title: 'p99 over 2s: since 10:00' }],
  ])('%j → %j', (text, expected) => {
    expect(parseSlashCommand(text)).toEqual(expected);
  });

  it.each(['ack', 'ack twelve', 'resolve 1 2', 'incident create no colon', 'incident create : title', 'incident create svc:', 'incident open svc: x', 'page everyone'])('%j → says how to use it', (text) => {
    expect(parseSlashCommand(text)).toMatchObject({ kind: 'invalid', problem: expect.any(String) });
  });
});

describe("Slack's request signatures (v0)", () => {
  const secret = '8f742231b10e8888abcd99yyyzzz85a5';
  // Slack's documented example request.
  const body = Buffer.from(
    'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c',
  );
  const timestamp = '1531420618';

  it("matches Slack's documented example and an independent HMAC", () => {
    expect(slackSignature(secret, timestamp, body)).toBe('v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503');
    expect(slackSignature(secret, timestamp, body)).toBe(`v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body.toString()}`).digest('hex')}`);
  });

  it('refuses another body, timestamp or secret, and malformed headers', () => {
    const good = slackSignature(secret, timestamp, body);
    expect(signatureMatches(secret, timestamp, body, good)).toBe(true);
    expect(signatureMatches(secret, timestamp, Buffer.concat([body, Buffer.from('x')]), good)).toBe(false);
    expect(signatureMatches(secret, '1531420619', body, good)).toBe(false);
    expect(signatureMatches(`${secret}0`, timestamp, body, good)).toBe(false);
    for (const header of [undefined, '', 'v0=', good.slice(0, -1), `${good}0`, good.replace('v0=', 'v1=')]) expect(signatureMatches(secret, timestamp, body, header)).toBe(false);
  });

  it('accepts timestamps within five minutes either way and nothing else', () => {
    const now = 1_531_420_618_000;
    expect(freshTimestamp('1531420618', now)).toBe(true);
    expect(freshTimestamp(String(1531420618 - 300), now)).toBe(true);
    expect(freshTimestamp(String(1531420618 + 300), now)).toBe(true);
    expect(freshTimestamp(String(1531420618 - 301), now)).toBe(false);
    expect(freshTimestamp(String(1531420618 + 301), now)).toBe(false);
    for (const bad of [undefined, '', 'abc', '1.5', '-1', '1531420618 ']) expect(freshTimestamp(bad, now)).toBe(false);
  });
});
