import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { Answer } from '../../api/types';

export type ContactMethod = Answer<'/api/v1/users/{userId}/contact-methods', 'get'>['contact_methods'][number];
export type NotificationRule = Answer<'/api/v1/users/{userId}/notification-rules', 'get'>['notification_rules'][number];
export type Urgency = NotificationRule['urgency'];

/** The kinds of contact method the server takes (see POST /users/{userId}/contact-methods). */
export const contactTypes = [
  { value: 'email', label: 'E-mail', addressLabel: 'E-mail address', hint: 'Where the notification e-mails go.', inputType: 'email' },
  { value: 'slack', label: 'Slack direct message', addressLabel: 'Slack member ID', hint: 'From your Slack profile: ⋮ → Copy member ID (starts with U). Needs Slack connected by an admin.', inputType: 'text' },
] as const;

export const contactTypeLabel = (type: string) => contactTypes.find((option) => option.value === type)?.label ?? type;

export function useContactMethods(userId: string) {
  return useQuery({
    queryKey: ['contact-methods', userId],
    queryFn: async () => (await unwrap(api.GET('/api/v1/users/{userId}/contact-methods', { params: { path: { userId } } }))).contact_methods,
  });
}

export function useNotificationRules(userId: string) {
  return useQuery({
    queryKey: ['notification-rules', userId],
    queryFn: async () => (await unwrap(api.GET('/api/v1/users/{userId}/notification-rules', { params: { path: { userId } } }))).notification_rules,
  });
}

/** PagerDuty's wording: "Immediately", "after 5 minutes". */
export function delayLabel(minutes: number): string {
  if (minutes === 0) return 'Immediately';
  if (minutes % 60 === 0) return `After ${minutes / 60} hour${minutes === 60 ? '' : 's'}`;
  return `After ${minutes} minute${minutes === 1 ? '' : 's'}`;
}
