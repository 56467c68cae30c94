import { type LookupAddress, type LookupOptions, lookup } from 'node:dns';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import { invalid } from '../../http/errors.ts';

/**
 * Where webhooks may go. By default only public unicast addresses: private (RFC 1918, fc00::/7), loopback,
 * link-local (169.254.0.0/16 with the cloud metadata services, fe80::/10), unspecified, multicast,
 * carrier-grade NAT (100.64.0.0/10) and every other special-purpose range are refused — when the URL is saved
 * and again for each connection, against the address actually connected to (so a name that resolves to a
 * public address when saved and to a private one later, DNS rebinding, is still refused). A subscription
 * with `allow_private_network` skips the address checks.
 */

const rangeNames: Record<string, string> = {
  private: 'a private (RFC 1918) address',
  uniqueLocal: 'a private (unique local, fc00::/7) address',
  loopback: 'a loopback address',
  linkLocal: 'a link-local address (where cloud metadata services such as 169.254.169.254 live)',
  unspecified: 'the unspecified address',
  multicast: 'a multicast address',
  broadcast: 'the broadcast address',
  carrierGradeNat: 'a carrier-grade NAT (100.64.0.0/10) address',
};

/** Why `address` (an IP address) may not be a webhook's destination, or null when it is public. */
export function nonPublicReason(address: string): string | null {
  if (!ipaddr.isValid(address)) return 'not an IP address';
  // An IPv4-mapped IPv6 address (::ffff:10.0.0.1) is judged as the IPv4 address it carries.
  const range = ipaddr.process(address).range();
  if (range === 'unicast') return null;
  return rangeNames[range] ?? `a special-purpose address (${range})`;
}

/** The host of a URL as an IP literal without IPv6 brackets, or null for a name. */
function literalAddress(url: URL): string | null {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return isIP(host) ? host : null;
}

/** Parses a webhook URL: absolute http(s), no credentials. Throws a 400 naming `url`. */
export function parseWebhookUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalid('url', 'must be an absolute http:// or https:// URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalid('url', `must use http or https, not ${url.protocol.replace(/:$/, '')}`);
  if (url.username || url.password) throw invalid('url', 'must not contain credentials (user:password@); receivers authenticate deliveries by their signature');
  if (!url.hostname) throw invalid('url', 'must name a host');
  return url;
}

const PRIVATE_HINT = 'set allow_private_network to true (admins only) to deliver there anyway';

/** All addresses a name resolves to, as the connection would see them. */
function resolveAll(hostname: string): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) => lookup(hostname, { all: true, verbatim: true }, (error, addresses) => (error ? reject(error) : resolve(addresses))));
}

/**
 * The check made when a subscription is saved: the host (an IP literal, or every address its name resolves to
 * now) must be public. Throws a 400 naming `url`.
 */
export async function checkPublicDestination(url: URL): Promise<void> {
  const literal = literalAddress(url);
  if (literal) {
    const reason = nonPublicReason(literal);
    if (reason) throw invalid('url', `points to ${literal}, ${reason}; ${PRIVATE_HINT}`);
    return;
  }
  let addresses: LookupAddress[];
  try {
    addresses = await resolveAll(url.hostname);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'lookup failed';
    throw invalid('url', `its host ${url.hostname} does not resolve (${code})`);
  }
  for (const { address } of addresses) {
    const reason = nonPublicReason(address);
    if (reason) throw invalid('url', `its host ${url.hostname} resolves to ${address}, ${reason}; ${PRIVATE_HINT}`);
  }
}

/** A destination the guard refused when connecting. Its message goes into the delivery log. */
export class DestinationRefused extends Error {
  readonly code = 'EWEBHOOKDESTINATION';
}

/** The connection-time check of an IP literal host (names are checked by `guardedLookup` as they resolve). */
export function refuseLiteral(url: URL): void {
  const literal = literalAddress(url);
  const reason = literal ? nonPublicReason(literal) : null;
  if (reason) throw new DestinationRefused(`Refused: ${literal} is ${reason} (SSRF guard; the subscription does not allow private networks).`);
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for net/tls connections that refuses the connection when any address the name resolves to is not
 * public. The socket connects to the addresses checked here, so nothing resolved in between can slip through.
 */
export function guardedLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    for (const { address } of addresses) {
      const reason = nonPublicReason(address);
      if (reason) return callback(new DestinationRefused(`Refused: ${hostname} resolves to ${address}, ${reason} (SSRF guard; the subscription does not allow private networks).`), []);
    }
    if (options.all) return callback(null, addresses);
    const [first] = addresses;
    if (!first) return callback(Object.assign(new Error(`${hostname} resolved to no address`), { code: 'ENOTFOUND' }), []);
    callback(null, first.address, first.family);
  });
}
