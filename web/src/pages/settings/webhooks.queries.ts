import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { Answer, Body } from '../../api/types';

export type Webhook = Answer<'/api/v1/webhooks/{id}', 'get'>;
export type Delivery = Answer<'/api/v1/webhooks/{id}/deliveries', 'get'>['deliveries'][number];
export type EventType = Exclude<Body<'/api/v1/webhooks', 'post'>['event_types'][number], '*'>;

export const eventTypes: Array<{ value: EventType; hint: string }> = [
  { value: 'incident.triggered', hint: 'an incident opens' },
  { value: 'incident.acknowledged', hint: 'someone acknowledges it' },
  { value: 'incident.resolved', hint: 'it is resolved' },
  { value: 'incident.escalated', hint: 'it moves to the next escalation level' },
  { value: 'incident.assigned', hint: 'it is assigned to people' },
  { value: 'incident.reassigned', hint: 'someone hands it to others' },
  { value: 'incident.note_added', hint: 'a note is added' },
  { value: 'change.created', hint: 'a change event (deploy, config) arrives' },
];

export function useWebhooks() {
  return useInfiniteQuery({
    queryKey: ['webhooks'],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => unwrap(api.GET('/api/v1/webhooks', { params: { query: { limit: 50, ...(pageParam && { cursor: pageParam }) } } })),
    getNextPageParam: (page) => page.next_cursor ?? undefined,
  });
}

export function useWebhook(id: string) {
  return useQuery({ queryKey: ['webhook', id], queryFn: () => unwrap(api.GET('/api/v1/webhooks/{id}', { params: { path: { id } } })) });
}

export function useDeliveries(id: string, status: Delivery['status'] | '') {
  return useInfiniteQuery({
    queryKey: ['webhook-deliveries', id, status],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(api.GET('/api/v1/webhooks/{id}/deliveries', { params: { path: { id }, query: { limit: 25, ...(status && { status }), ...(pageParam && { cursor: pageParam }) } } })),
    getNextPageParam: (page) => page.next_cursor ?? undefined,
    // Pending deliveries move on by themselves: look again while any are in flight.
    refetchInterval: (query) => (query.state.data?.pages.some((page) => page.deliveries.some((delivery) => delivery.status === 'pending')) ? 5000 : false),
  });
}

/** Active, failing or disabled (by an admin, or by Vigil after failing: the reason says which), with its colour. */
export function webhookState(webhook: Webhook): { label: string; tone: string; detail: string | null } {
  if (!webhook.enabled) return { label: 'Disabled', tone: 'state-bad', detail: webhook.disabled_reason };
  if (webhook.failing_since) return { label: 'Failing', tone: 'state-bad', detail: 'Deliveries fail; Vigil keeps retrying, and disables it after 5 days of failures.' };
  return { label: 'Active', tone: 'state-ok', detail: null };
}

export const eventsSummary = (types: string[]) => (types.includes('*') ? 'All events' : types.join(', '));
