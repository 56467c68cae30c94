import type { IntegrationKind } from '../integration-kind.ts';
import { inboundMailDomain } from './email-address.ts';
import { emailSettings } from './email.mapper.ts';

/** E-mail in: each integration has an address, <integration key>@SMTP_IN_DOMAIN, taken by the SMTP listener. */
export const emailKind: IntegrationKind = {
  type: 'email',
  label: 'E-mail',
  endpoint: ({ key, deps }) => `mailto:${key}@${inboundMailDomain(deps.config)}`,
  setupInstructions: ({ endpoint, deps, settings }) => {
    const address = endpoint.slice('mailto:'.length);
    return [
      `Send alert e-mail to ${address}: the subject becomes the alert's summary, the body its details, the sender its source.`,
      settings['dedup'] === 'subject'
        ? 'A mail whose subject matches an open alert adds to it' +
          (settings['resolve_subject_pattern'] ? `; a subject matching /${String(settings['resolve_subject_pattern'])}/i resolves it.` : '.')
        : 'Every mail opens a new alert (set dedup to "subject" to group mail by subject and resolve by a subject pattern).',
      deps.config.SMTP_IN_PORT === undefined
        ? 'This Vigil does not receive mail yet: an administrator sets SMTP_IN_PORT (and points the MX of the domain, or a forwarding rule, at it).'
        : `Vigil's SMTP listener takes this mail; the domain's MX (or a forwarding rule of your mail server) must deliver it there.`,
    ].join('\n');
  },
  settings: emailSettings,
};
