import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { QueryState } from '../../ui/feedback';
import { Section } from '../../ui/page';
import { formatTime, Time } from '../../ui/time';
import { serviceKeys, type ServiceView } from './services-api';

/** What folding did with an event, in words. */
const outcomeLabels: Record<string, string> = {
  alert_created: 'Opened an alert',
  deduplicated: 'Added to an open alert',
  acknowledged: 'Acknowledged an alert',
  resolved: 'Resolved an alert',
  unchanged: 'Changed nothing',
  dropped: 'Dropped by a rule',
  maintenance: 'Held by maintenance',
  service_disabled: 'Service disabled',
  service_missing: 'Service deleted',
  change_recorded: 'Recorded a change',
  change_duplicate: 'Duplicate change',
  failed: 'Failed',
  pending: 'Waiting to be processed',
};

/** The service's health now: open incidents (linking to the list), its newest event, maintenance and what its events did. */
export function ServiceOverview({ service }: { service: ServiceView }) {
  const stats = useQuery({
    queryKey: serviceKeys.eventStats(service.id),
    queryFn: () => unwrap(api.GET('/api/v1/services/{id}/event-stats', { params: { path: { id: service.id } } })),
  });
  const policyId = service.escalation_policy_id;
  const policy = useQuery({
    queryKey: ['escalation-policies', policyId],
    queryFn: () => unwrap(api.GET('/api/v1/escalation-policies/{id}', { params: { path: { id: policyId! } } })),
    enabled: policyId !== null,
    staleTime: 60_000,
  });
  const maintenanceUntil = service.maintenance_until !== null && Date.parse(service.maintenance_until) > Date.now() ? service.maintenance_until : null;
  const open = service.open_incidents;
  const incidents = `/incidents?service_id=${service.id}`;
  return (
    <div className="stack">
      <div className="svc-health">
        <Link className="card svc-tile" to={`${incidents}&status=triggered`}>
          <span className="muted">Triggered</span>
          <span className={open.triggered ? 'stat status-triggered' : 'stat'}>{open.triggered}</span>
        </Link>
        <Link className="card svc-tile" to={`${incidents}&status=acknowledged`}>
          <span className="muted">Acknowledged</span>
          <span className={open.acknowledged ? 'stat status-acknowledged' : 'stat'}>{open.acknowledged}</span>
        </Link>
        <div className="card svc-tile">
          <span className="muted">Last event</span>
          <span className="svc-tile-value">
            <Time iso={service.last_event_at} />
          </span>
        </div>
        <div className="card svc-tile">
          <span className="muted">Escalation policy</span>
          <span className="svc-tile-value">{policy.data ? <Link to={`/escalation-policies/${policy.data.id}`}>{policy.data.name}</Link> : policyId ? '…' : 'None: nobody is paged'}</span>
        </div>
      </div>
      {maintenanceUntil ? (
        <div className="notice" role="status">
          In maintenance until {formatTime(maintenanceUntil)}: its triggers open no incident and page nobody.
        </div>
      ) : null}
      {service.status === 'disabled' ? <div className="notice">This service is disabled: its events are stored but open no incident.</div> : null}
      <p>
        <Link to={incidents}>All incidents of this service</Link>
      </p>
      <Section title="Events received">
        <QueryState query={stats}>
          {(data) => {
            const rows = Object.entries(data.outcomes).sort((a, b) => b[1] - a[1]);
            if (rows.length === 0) return <p className="muted">No events yet (events are kept for the retention period). Add an integration and send one.</p>;
            return (
              <div className="table-wrap">
                <table className="table">
                  <caption className="sr-only">Events received by what they did</caption>
                  <thead>
                    <tr>
                      <th scope="col">What the event did</th>
                      <th scope="col">Events</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map(([outcome, n]) => (
                      <tr key={outcome}>
                        <td>{outcomeLabels[outcome] ?? outcome}</td>
                        <td>{n.toLocaleString()}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            );
          }}
        </QueryState>
      </Section>
    </div>
  );
}
