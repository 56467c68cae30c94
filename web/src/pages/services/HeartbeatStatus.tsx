import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { ErrorNotice } from '../../ui/feedback';
import { formatDuration, Time } from '../../ui/time';

const labels = { waiting: 'Waiting for the first ping', up: 'Up', down: 'Down' } as const;

/** A heartbeat's state: up (pinged in time), down since when, or waiting for its first ping; refreshed each minute. */
export function HeartbeatStatus({ integrationId }: { integrationId: string }) {
  const status = useQuery({
    queryKey: ['integration', integrationId, 'heartbeat'],
    queryFn: () => unwrap(api.GET('/api/v1/integrations/{id}/heartbeat', { params: { path: { id: integrationId } } })),
    refetchInterval: 60_000,
  });
  if (status.error) return <ErrorNotice error={status.error} />;
  if (!status.data) return <span className="muted">…</span>;
  const beat = status.data;
  const tone = beat.status === 'down' ? 'status-triggered' : beat.status === 'up' ? 'status-resolved' : 'muted';
  return (
    <span className="svc-heartbeat">
      <span className={`badge ${tone}`}>{labels[beat.status]}</span>{' '}
      {beat.status === 'down' && beat.down_since ? (
        <>
          since <Time iso={beat.down_since} />
        </>
      ) : null}
      {beat.last_ping_at ? (
        <span className="muted">
          {' '}
          Last ping <Time iso={beat.last_ping_at} />.
        </span>
      ) : null}
      {beat.next_due_at ? (
        <span className="muted">
          {' '}
          Next due <Time iso={beat.next_due_at} />.
        </span>
      ) : null}
      <span className="muted"> Every {formatDuration(beat.interval_seconds)}, grace {formatDuration(beat.grace_seconds)}.</span>
    </span>
  );
}
