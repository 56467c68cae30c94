import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../http/errors.ts';
import { checkPublicDestination, nonPublicReason, parseWebhookUrl } from './destination.ts';

describe('which addresses webhooks may reach', () => {
  it.each([
    ['127.0.0.1', /loopback/],
    ['127.255.0.9', /loopback/],
    ['10.1.2.3', /private/],
    ['172.16.0.1', /private/],
    ['172.31.255.254', /private/],
    ['192.168.1.1', /private/],
    ['169.254.169.254', /link-local/],
    ['100.64.0.1', /carrier-grade NAT/],
    ['0.0.0.0', /unspecified/],
    ['224.0.0.1', /multicast/],
    ['255.255.255.255', /broadcast/],
    ['192.0.2.10', /special-purpose/],
    ['::1', /loopback/],
    ['::', /unspecified/],
    ['fe80::1', /link-local/],
    ['fc00::1', /unique local/],
    ['fd12:3456::1', /unique local/],
    ['ff02::1', /multicast/],
    ['::ffff:127.0.0.1', /loopback/],
    ['::ffff:10.0.0.1', /private/],
    ['::ffff:169.254.169.254', /link-local/],
  ])('refuses %s', (address, reason) => {
    expect(nonPublicReason(address)).toMatch(reason);
  });

  it.each(['8.8.8.8', '1.1.1.1', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '2a00:1450:4001::200e'])('allows the public address %s', (address) => {
    expect(nonPublicReason(address)).toBeNull();
  });

  it('refuses every address of the RFC 1918 ranges', () => {
    const octet = fc.integer({ min: 0, max: 255 });
    fc.assert(
      fc.property(octet, octet, octet, (a, b, c) => {
        expect(nonPublicReason(`10.${a}.${b}.${c}`)).not.toBeNull();
        expect(nonPublicReason(`172.${16 + (a % 16)}.${b}.${c}`)).not.toBeNull();
        expect(nonPublicReason(`192.168.${b}.${c}`)).not.toBeNull();
      }),
    );
  });
});

describe('webhook URLs', () => {
  const refusal = (text: string) => {
    try {
      parseWebhookUrl(text);
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      return (error as AppError).details[0];
    }
    throw new Error(`${text} was accepted`);
  };

  it('takes only absolute http(s) URLs without credentials', () => {
    expect(refusal('not a url')).toEqual({ field: 'url', message: expect.stringMatching(/absolute/) });
    expect(refusal('/relative/path')).toEqual({ field: 'url', message: expect.stringMatching(/absolute/) });
    expect(refusal('ftp://example.com/hook')).toEqual({ field: 'url', message: expect.stringMatching(/http or https, not ftp/) });
    expect(refusal('file:///etc/passwd')).toEqual({ field: 'url', message: expect.stringMatching(/not file/) });
    expect(refusal('https://user:secret@example.com/hook')).toEqual({ field: 'url', message: expect.stringMatching(/credentials/) });
    expect(parseWebhookUrl('https://hooks.example.com/vigil?token=abc').toString()).toBe('https://hooks.example.com/vigil?token=abc');
  });

  const savedRefusal = async (text: string) => {
    const error = await checkPublicDestination(parseWebhookUrl(text)).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(AppError);
    return (error as AppError).details[0]!;
  };

  it('refuses private destinations when saved: literals in any spelling, and names that resolve to them', async () => {
    expect(await savedRefusal('http://127.0.0.1:8080/')).toMatchObject({ field: 'url', message: expect.stringMatching(/127\.0\.0\.1, a loopback address; set allow_private_network/) });
    // The URL parser reads 2130706433 and 0x7f.1 as 127.0.0.1.
    expect((await savedRefusal('http://2130706433/')).message).toMatch(/loopback/);
    expect((await savedRefusal('http://0x7f.1/')).message).toMatch(/loopback/);
    expect((await savedRefusal('http://[::ffff:a9fe:a9fe]/latest/meta-data')).message).toMatch(/link-local/);
    expect((await savedRefusal('http://[::1]:9000/')).message).toMatch(/loopback/);
    expect((await savedRefusal('http://localhost:9000/')).message).toMatch(/localhost resolves to .*loopback/);
  });
});
