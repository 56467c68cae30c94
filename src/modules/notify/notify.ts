import { z } from 'zod';
import { AppError, invalid } from '../../http/errors.ts';

export const urgencies = ['high', 'low'] as const;
export type Urgency = (typeof urgencies)[number];

/** Contact method types this build can deliver to, each with how its address is checked. */
const contactTypes = {
  email: { label: 'E-mail', address: z.email().max(254), addressRule: 'must be an e-mail address' },
  // A direct message from the organisation's Slack app (src/integrations/slack/): the member ID, not the @name.
  slack: { label: 'Slack', address: z.string().regex(/^[UW][A-Z0-9]{2,20}$/), addressRule: 'must be a Slack member ID such as U024BE7LH (Slack: profile → ⋮ → Copy member ID)' },
} as const;

export type ContactType = keyof typeof contactTypes;
const availableContactTypes = Object.keys(contactTypes) as ContactType[];

/** Channels later work adds; asking for one now gets a 422 that says so rather than a bare "invalid". */
const plannedContactTypes = ['sms', 'phone', 'push', 'microsoft_teams', 'webhook'];

/** Most contact methods and notification rules one user can have: enough for anyone, a bound for the loops. */
export const MAX_CONTACT_METHODS = 20;
export const MAX_NOTIFICATION_RULES = 50;

export function checkContactType(type: string): ContactType {
  if ((availableContactTypes as string[]).includes(type)) return type as ContactType;
  if (plannedContactTypes.includes(type)) {
    throw new AppError('unprocessable', `Contact methods of type ${type} are not available yet; available: ${availableContactTypes.join(', ')}.`, [
      { field: 'type', message: 'not available yet' },
    ]);
  }
  throw invalid('type', `must be one of ${availableContactTypes.join(', ')}`);
}

/** The address in the form it is stored, or a 400 naming the field. */
export function checkAddress(type: ContactType, address: string): string {
  const spec = contactTypes[type];
  const parsed = spec.address.safeParse(address.trim());
  if (!parsed.success) throw invalid('address', spec.addressRule);
  return parsed.data;
}

export function defaultLabel(type: ContactType): string {
  return contactTypes[type].label;
}

/** The timeline line of a delivered notification, e.g. "Notified Alice by email (alice@example.com)". */
export function notifiedMessage(recipientName: string, channel: string, address: string): string {
  return `Notified ${recipientName} by ${channel} (${address})`;
}
