import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, unwrap } from '../../api/client';
import type { Incident, IncidentDetail } from '../../api/types';
import { useLiveEvents } from '../../live/live-stream';
import { useToast } from '../../ui/toast';

// The incident page's queries are `static`: the live stream invalidates ['incident'] on every incident event of
// the organisation, and during an alert storm elsewhere that would refetch all of them once per event.
// useIncidentLive refetches them when an event is about this incident (a few times a second at most).
const STATIC = 'static' as const;

export function useIncident(id: string) {
  return useQuery({ queryKey: ['incident', id], queryFn: () => unwrap(api.GET('/api/v1/incidents/{id}', { params: { path: { id } } })), staleTime: STATIC });
}

export function useEscalation(id: string) {
  return useQuery({ queryKey: ['incident', id, 'escalation'], queryFn: async () => (await unwrap(api.GET('/api/v1/incidents/{id}/escalation', { params: { path: { id } } }))).escalation, staleTime: STATIC });
}

export function useRecentChanges(id: string, scope: 'service' | 'organization') {
  return useQuery({ queryKey: ['incident', id, 'changes', scope], queryFn: () => unwrap(api.GET('/api/v1/incidents/{id}/changes', { params: { path: { id }, query: { scope, limit: 20 } } })), staleTime: STATIC });
}

/** Notifications are sent by background jobs, which announce nothing on the stream: poll while open. */
export function useNotificationsSent(id: string, open: boolean) {
  return useQuery({
    queryKey: ['incident', id, 'notifications'],
    queryFn: async () => (await unwrap(api.GET('/api/v1/incidents/{id}/notifications', { params: { path: { id } } }))).notifications,
    refetchInterval: open ? 15_000 : false,
    staleTime: STATIC,
  });
}

/** Fetches again every query of this incident that is on screen. */
function refetchIncident(queryClient: QueryClient, id: string): void {
  for (const query of queryClient.getQueryCache().findAll({ queryKey: ['incident', id] })) {
    if (query.getObserversCount() > 0) void query.fetch().catch(() => undefined); // the query shows its own error
  }
}

const LIVE_COALESCE_MS = 250;

/** Keeps the incident page current: on opening it, and on each live event about this incident. */
export function useIncidentLive(id: string): void {
  const queryClient = useQueryClient();
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const refresh = useCallback(() => {
    timer.current ??= setTimeout(() => {
      timer.current = undefined;
      refetchIncident(queryClient, id);
    }, LIVE_COALESCE_MS);
  }, [queryClient, id]);
  useLiveEvents((event) => {
    const incident = event.data['incident'] as { id?: string } | undefined;
    if (incident?.id === id || event.type === 'reset') refresh();
  });
  // Cached from an earlier visit: `static` shows it at once; bring it up to date behind it.
  useEffect(() => {
    if (queryClient.getQueryData(['incident', id])) refresh();
    return () => {
      clearTimeout(timer.current);
      timer.current = undefined;
    };
  }, [queryClient, id, refresh]);
}

/** After a change to the incident: show it at once, refresh what depends on it, say so. */
function useAfterChange(id: string) {
  const queryClient = useQueryClient();
  const toast = useToast();
  return (message: string, incident?: Incident) => {
    if (incident) queryClient.setQueryData<IncidentDetail>(['incident', id], (old) => (old ? { ...old, ...incident } : old));
    refetchIncident(queryClient, id);
    void queryClient.invalidateQueries({ queryKey: ['overview'] });
    toast(message);
  };
}

export function useIncidentActions(id: string) {
  const after = useAfterChange(id);
  const path = { params: { path: { id } } };
  return {
    acknowledge: useMutation({ mutationFn: () => unwrap(api.POST('/api/v1/incidents/{id}/acknowledge', path)), onSuccess: (incident) => after(`#${incident.number} acknowledged.`, incident) }),
    resolve: useMutation({ mutationFn: () => unwrap(api.POST('/api/v1/incidents/{id}/resolve', path)), onSuccess: (incident) => after(`#${incident.number} resolved.`, incident) }),
    escalate: useMutation({
      mutationFn: (level: number | undefined) => unwrap(api.POST('/api/v1/incidents/{id}/escalate', { ...path, body: level === undefined ? {} : { level } })),
      onSuccess: (answer) => after(answer.escalation ? `Escalated to level ${answer.escalation.level}.` : 'Escalated.'),
    }),
    reassign: useMutation({
      mutationFn: (userIds: string[]) => unwrap(api.POST('/api/v1/incidents/{id}/reassign', { ...path, body: { user_ids: userIds } })),
      onSuccess: (answer) => after(`Reassigned to ${answer.escalation?.assignees.map((user) => user.name).join(', ') || 'the chosen people'}.`),
    }),
    note: useMutation({ mutationFn: (text: string) => unwrap(api.POST('/api/v1/incidents/{id}/notes', { ...path, body: { text } })), onSuccess: () => after('Note added.') }),
  };
}

interface Viewer {
  user_id: string;
  name: string;
}

/**
 * Who else is looking at this incident. Opens a WebSocket that says "I am viewing it" (presence needs a socket
 * the server can hear from; the app's stream is SSE) and hears who else is, as it changes.
 */
export function useViewers(id: string): Viewer[] {
  const initial = useQuery({ queryKey: ['incident', id, 'viewers'], queryFn: async () => (await unwrap(api.GET('/api/v1/incidents/{id}/viewers', { params: { path: { id } } }))).viewers, staleTime: STATIC });
  const [live, setLive] = useState<{ id: string; viewers: Viewer[] } | null>(null);
  useEffect(() => {
    if (typeof WebSocket === 'undefined') return;
    const url = new URL('/api/v1/stream?types=presence', location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(url);
    socket.onmessage = (message: MessageEvent<string>) => {
      const parsed = JSON.parse(message.data) as { type?: string; data?: { incident_id?: string; viewers?: Viewer[] } };
      // The server listens for messages once the stream is ready.
      if (parsed.type === 'ready') socket.send(JSON.stringify({ view: id }));
      else if (parsed.type === 'presence' && parsed.data?.incident_id === id) setLive({ id, viewers: parsed.data.viewers ?? [] });
    };
    return () => socket.close();
  }, [id]);
  return live?.id === id ? live.viewers : (initial.data ?? []);
}
