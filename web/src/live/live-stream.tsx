import { useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';

/** One message of GET /api/v1/stream: a numbered domain event of the organisation. */
interface StreamEvent {
  id: string;
  type: string;
  data: Record<string, unknown>;
}

type Listener = (event: StreamEvent) => void;
type Status = 'connecting' | 'live' | 'offline';

interface LiveStream {
  status: Status;
  subscribe(listener: Listener): () => void;
}

const LiveStreamContext = createContext<LiveStream>({ status: 'offline', subscribe: () => () => undefined });

/** Which cached queries an event makes stale. */
function staleKeys(type: string): string[][] {
  if (type.startsWith('incident.') || type.startsWith('alert.')) return [['incidents'], ['incident'], ['overview'], ['services']];
  if (type.startsWith('change.')) return [['changes']];
  return [];
}

/**
 * Keeps one Server-Sent Events connection to the live stream (the browser's EventSource reconnects and resumes
 * from the last id by itself), marks the queries an event touches as stale so they refetch, and hands each
 * event to subscribers (the incident list's sound and desktop notifications).
 */
export function LiveStreamProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const listeners = useRef(new Set<Listener>());
  const [status, setStatus] = useState<Status>('connecting');
  useEffect(() => {
    const source = new EventSource('/api/v1/stream');
    source.onopen = () => setStatus('live');
    source.onerror = () => setStatus(source.readyState === EventSource.CLOSED ? 'offline' : 'connecting');
    source.onmessage = (message: MessageEvent<string>) => {
      const event = JSON.parse(message.data) as StreamEvent;
      if (event.type === 'ready') setStatus('live');
      for (const key of staleKeys(event.type)) void queryClient.invalidateQueries({ queryKey: key });
      for (const listener of listeners.current) listener(event);
    };
    return () => source.close();
  }, [queryClient]);
  const subscribe = useCallback((listener: Listener) => {
    listeners.current.add(listener);
    return () => {
      listeners.current.delete(listener);
    };
  }, []);
  const value = useMemo<LiveStream>(() => ({ status, subscribe }), [status, subscribe]);
  return <LiveStreamContext.Provider value={value}>{children}</LiveStreamContext.Provider>;
}

export function useLiveStatus(): Status {
  return useContext(LiveStreamContext).status;
}

/** Calls `listener` for every live event while the component is mounted. */
export function useLiveEvents(listener: Listener): void {
  const { subscribe } = useContext(LiveStreamContext);
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(() => subscribe((event) => latest.current(event)), [subscribe]);
}
