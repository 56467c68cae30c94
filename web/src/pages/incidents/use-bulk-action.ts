import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, errorMessage, unwrap } from '../../api/client';
import type { Incident } from '../../api/types';
import { useToast } from '../../ui/toast';

export type BulkKind = 'acknowledge' | 'resolve';

/** At most this many requests in flight: a hundred selected incidents must not flood the server. */
const CONCURRENCY = 4;

/** Runs `work` over `items`, `limit` at a time, settling each (one failure does not stop the others). */
async function settleAll<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<Array<PromiseSettledResult<R>>> {
  const results: Array<PromiseSettledResult<R>> = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      try {
        results[index] = { status: 'fulfilled', value: await work(items[index]!) };
      } catch (reason) {
        results[index] = { status: 'rejected', reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function act(kind: BulkKind, id: string): Promise<Incident> {
  const path = { params: { path: { id } } };
  return unwrap(kind === 'acknowledge' ? api.POST('/api/v1/incidents/{id}/acknowledge', path) : api.POST('/api/v1/incidents/{id}/resolve', path));
}

const done: Record<BulkKind, { past: string; target: readonly string[] }> = {
  acknowledge: { past: 'Acknowledged', target: ['acknowledged', 'resolved'] },
  resolve: { past: 'Resolved', target: ['resolved'] },
};

export interface BulkFailure {
  incident: Incident;
  message: string;
}

/**
 * Acknowledges or resolves incidents one request each (the API acts on one incident at a time), a few at a
 * time; incidents already there are skipped. Reports how many it changed and why each failure failed.
 */
export function useBulkAction(onChanged: (changed: Incident[]) => void) {
  const toast = useToast();
  const queryClient = useQueryClient();
  const [running, setRunning] = useState<BulkKind | null>(null);
  const [failures, setFailures] = useState<BulkFailure[]>([]);

  async function run(kind: BulkKind, incidents: Incident[]): Promise<Set<string>> {
    const todo = incidents.filter((incident) => !done[kind].target.includes(incident.status));
    const succeeded = new Set(incidents.filter((incident) => !todo.includes(incident)).map((incident) => incident.id));
    if (todo.length === 0) {
      toast(`Nothing to ${kind}: ${incidents.length === 1 ? 'it is' : 'they are'} already ${done[kind].past.toLowerCase()}.`);
      return succeeded;
    }
    setRunning(kind);
    setFailures([]);
    const results = await settleAll(todo, CONCURRENCY, (incident) => act(kind, incident.id));
    setRunning(null);
    const changed: Incident[] = [];
    const failed: BulkFailure[] = [];
    results.forEach((result, index) => {
      const incident = todo[index]!;
      if (result.status === 'fulfilled') {
        changed.push(result.value);
        succeeded.add(incident.id);
      } else failed.push({ incident, message: errorMessage(result.reason) });
    });
    onChanged(changed);
    void queryClient.invalidateQueries({ queryKey: ['incident'] });
    void queryClient.invalidateQueries({ queryKey: ['overview'] });
    setFailures(failed);
    if (changed.length > 0) toast(`${done[kind].past} ${changed.length === 1 ? `#${changed[0]!.number}` : `${changed.length} incidents`}.`);
    if (failed.length > 0) toast(`${failed.length} of ${todo.length} could not be ${done[kind].past.toLowerCase()}.`, 'error');
    return succeeded;
  }

  return { run, running, failures, dismissFailures: () => setFailures([]) };
}
