import { useRef } from 'react';
import { Link, useParams } from 'react-router';
import type { IncidentDetail } from '../../api/types';
import { canWrite, useMe } from '../../app/session';
import { SeverityBadge, StatusBadge } from '../../ui/badges';
import { ErrorNotice, Loading } from '../../ui/feedback';
import { Page } from '../../ui/page';
import { formatDuration, Time } from '../../ui/time';
import { IncidentActions } from './IncidentActions';
import { IncidentAlerts } from './IncidentAlerts';
import { ChangesSection, EscalationSection, NotificationsSection, ViewersSection } from './IncidentSide';
import { IncidentTimeline } from './IncidentTimeline';
import { useServices, useUsers } from './use-directory';
import { useIncident, useIncidentActions, useIncidentLive } from './use-incident';
import './incidents.css';

export function IncidentPage() {
  const id = useParams().id ?? '';
  const query = useIncident(id);
  useIncidentLive(id);
  if (query.error && !query.data) {
    return (
      <Page title="Incident">
        <ErrorNotice error={query.error} title="Could not load this incident" />
        <Link to="/incidents">Back to incidents</Link>
      </Page>
    );
  }
  if (!query.data) {
    return (
      <Page title="Incident">
        <Loading label="Loading the incident" />
      </Page>
    );
  }
  return <IncidentView incident={query.data} />;
}

function IncidentView({ incident }: { incident: IncidentDetail }) {
  const writer = canWrite(useMe().data?.role);
  const actions = useIncidentActions(incident.id);
  const service = useServices([incident.service_id]).byId.get(incident.service_id);
  const users = useUsers().byId;
  const noteBox = useRef<HTMLTextAreaElement>(null);
  const addNote = () => {
    noteBox.current?.scrollIntoView({ block: 'center' });
    noteBox.current?.focus({ preventScroll: true });
  };
  const open = incident.status !== 'resolved';
  const lasted = incident.resolved_at ? (Date.parse(incident.resolved_at) - Date.parse(incident.created_at)) / 1000 : undefined;
  return (
    <Page
      title={`#${incident.number} ${incident.title}`}
      subtitle={
        <span className="incident-meta">
          <StatusBadge status={incident.status} />
          <SeverityBadge severity={incident.severity} />
          <span>{incident.urgency} urgency</span>
          <span>
            Service: <Link to={`/services/${incident.service_id}`}>{service?.name ?? 'the service'}</Link>
          </span>
          <span>
            Opened <Time iso={incident.created_at} />
          </span>
          {incident.acknowledged_at ? (
            <span>
              Acknowledged <Time iso={incident.acknowledged_at} />
            </span>
          ) : null}
          {incident.resolved_at ? (
            <span>
              Resolved <Time iso={incident.resolved_at} /> (after {formatDuration(lasted ?? 0)})
            </span>
          ) : null}
        </span>
      }
    >
      {writer ? <IncidentActions incident={incident} actions={actions} onAddNote={addNote} /> : null}
      <div className="incident-layout">
        <div className="incident-main">
          <IncidentAlerts alerts={incident.alerts} />
          <IncidentTimeline timeline={incident.timeline} users={users} note={actions.note} canWrite={writer} noteRef={noteBox} />
        </div>
        <div className="incident-side">
          <EscalationSection id={incident.id} />
          <ViewersSection id={incident.id} />
          <ChangesSection id={incident.id} />
          <NotificationsSection id={incident.id} open={open} />
        </div>
      </div>
    </Page>
  );
}
