import type { Config } from '../../config/config.ts';

/** The domain of e-mail integration addresses: SMTP_IN_DOMAIN, else the host of VIGIL_PUBLIC_URL, else localhost. */
export function inboundMailDomain(config: Config): string {
  return (config.SMTP_IN_DOMAIN ?? (config.VIGIL_PUBLIC_URL ? new URL(config.VIGIL_PUBLIC_URL).hostname : 'localhost')).toLowerCase();
}

/** The integration key an address is for, if it is at `domain` (the local part, lower-cased); else undefined. */
export function integrationKeyOf(address: string, domain: string): string | undefined {
  const at = address.lastIndexOf('@');
  if (at <= 0 || address.slice(at + 1).toLowerCase() !== domain) return undefined;
  const local = address.slice(0, at).toLowerCase();
  return /^[a-z0-9]{1,64}$/.test(local) ? local : undefined;
}
