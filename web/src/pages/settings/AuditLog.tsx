import { useInfiniteQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { Answer } from '../../api/types';
import { Empty, MorePages, QueryState } from '../../ui/feedback';
import { Section } from '../../ui/page';
import { formatTime } from '../../ui/time';
import { useUsers } from '../people/people.queries';

type Entry = Answer<'/api/v1/audit', 'get'>['entries'][number];

/** Who changed what, newest first, a page at a time. */
export function AuditLog() {
  const users = useUsers();
  const audit = useInfiniteQuery({
    queryKey: ['audit'],
    initialPageParam: undefined as number | undefined,
    queryFn: ({ pageParam }) => unwrap(api.GET('/api/v1/audit', { params: { query: { limit: 50, ...(pageParam !== undefined && { before_id: pageParam }) } } })),
    getNextPageParam: (page) => page.next_before_id ?? undefined,
  });
  const names = new Map((users.data ?? []).map((user) => [user.id, user.name]));
  const list = { data: audit.data?.pages.flatMap((page) => page.entries), error: audit.error, isPending: audit.isPending };
  return (
    <Section title="Audit log">
      <QueryState query={list}>
        {(entries) =>
          entries.length === 0 ? (
            <Empty>Nothing recorded yet.</Empty>
          ) : (
            <>
              <div className="table-wrap">
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col">Time</th>
                      <th scope="col">Actor</th>
                      <th scope="col">Action</th>
                      <th scope="col">Target</th>
                      <th scope="col" className="hide-narrow">
                        IP
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {entries.map((entry) => (
                      <tr key={entry.id}>
                        <td>
                          <time dateTime={entry.created_at}>{formatTime(entry.created_at)}</time>
                        </td>
                        <td>{actorName(entry, names)}</td>
                        <td className="mono">{entry.action}</td>
                        <td>
                          {entry.target_type}
                          {entry.target_id ? <span className="muted mono"> {names.get(entry.target_id) ?? entry.target_id.slice(0, 8)}</span> : null}
                        </td>
                        <td className="hide-narrow mono">{entry.ip ?? '—'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <MorePages query={audit} label="Show older entries" />
            </>
          )
        }
      </QueryState>
    </Section>
  );
}

function actorName(entry: Entry, names: Map<string, string>): string {
  if (entry.actor_type === 'user' && entry.actor_id) return names.get(entry.actor_id) ?? `former user ${entry.actor_id.slice(0, 8)}`;
  const kind = entry.actor_type === 'api_key' ? 'API key' : entry.actor_type === 'system' ? 'Vigil' : entry.actor_type;
  return entry.actor_id ? `${kind} ${entry.actor_id.slice(0, 8)}` : kind;
}
