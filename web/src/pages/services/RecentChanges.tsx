import { useInfiniteQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { Empty, ErrorNotice, Loading, MorePages } from '../../ui/feedback';
import { Section } from '../../ui/page';
import { Time } from '../../ui/time';
import { serviceKeys } from './services-api';

/** Deploys, merges and other change events recorded for the service, newest first. */
export function RecentChanges({ serviceId }: { serviceId: string }) {
  const changes = useInfiniteQuery({
    queryKey: serviceKeys.changes(serviceId),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => unwrap(api.GET('/api/v1/services/{id}/changes', { params: { path: { id: serviceId }, query: { limit: 25, ...(pageParam && { cursor: pageParam }) } } })),
    getNextPageParam: (page) => page.next_cursor ?? undefined,
  });
  const list = changes.data?.pages.flatMap((page) => page.changes) ?? [];
  return (
    <Section title="Recent changes">
      {changes.error ? <ErrorNotice error={changes.error} /> : null}
      {changes.isPending ? <Loading label="Loading changes" /> : null}
      {changes.data && list.length === 0 ? <Empty>No changes recorded. Add a GitHub or change events integration to see deploys here.</Empty> : null}
      {list.length > 0 ? (
        <ol className="svc-changes">
          {list.map((change) => (
            <li key={change.id}>
              <div>
                <strong>{change.summary}</strong>
                {change.source ? <span className="muted"> · {change.source}</span> : null}
              </div>
              <div className="muted">
                <Time iso={change.timestamp} />
                {change.links.filter((link) => /^https?:\/\//i.test(link.href)).map((link) => (
                  <span key={link.href}>
                    {' · '}
                    <a href={link.href} target="_blank" rel="noreferrer noopener">
                      {link.text ?? link.href}
                    </a>
                  </span>
                ))}
              </div>
            </li>
          ))}
        </ol>
      ) : null}
      <MorePages query={changes} label="Show older changes" />
    </Section>
  );
}
