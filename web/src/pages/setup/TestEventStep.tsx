import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { useLiveEvents, useLiveStatus } from '../../live/live-stream';
import { FormError } from '../../ui/form';
import type { ReadyIntegration } from './FirstServiceStep';

interface Arrived {
  id: string;
  number: number;
  title: string;
}

/** Sends a test alert through the integration, as a tool would, and shows its incident arriving on the live stream. */
export function TestEventStep({ integration }: { integration: ReadyIntegration }) {
  const live = useLiveStatus();
  const [arrived, setArrived] = useState<Arrived>();
  useLiveEvents((event) => {
    if (event.type !== 'incident.triggered') return;
    const incident = event.data['incident'] as { id: string; number: number; title: string; service_id: string } | undefined;
    if (incident?.service_id === integration.serviceId) setArrived({ id: incident.id, number: incident.number, title: incident.title });
  });
  const send = useMutation({
    mutationFn: async () => {
      const response = await fetch(integration.type === 'alertmanager' ? integration.url : '/v2/enqueue', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(integration.type === 'alertmanager' ? alertmanagerTestBody() : { routing_key: integration.key, event_action: 'trigger', payload: { summary: 'Test event from the setup wizard', source: 'vigil-setup', severity: 'warning' } }),
      });
      if (!response.ok) throw new Error(`The integration answered ${response.status}: ${await response.text()}`);
    },
  });
  return (
    <div className="stack">
      <h2>Send a test event</h2>
      <p>
        This sends an alert to <strong>{integration.serviceName}</strong> through its integration, exactly as your tool will. Watch it become an incident here, live.
      </p>
      <div className="row">
        <button type="button" className="btn btn-primary" onClick={() => send.mutate()} disabled={send.isPending}>
          {send.isPending ? 'Sending…' : send.isSuccess ? 'Send another' : 'Send a test event'}
        </button>
        <span className="muted">Live stream: {live}</span>
      </div>
      <FormError error={send.error} />
      <div aria-live="polite" className="stack">
        {send.isSuccess && !arrived ? <p className="muted">Event accepted; waiting for its incident…</p> : null}
        {arrived ? (
          <div className="notice notice-ok">
            Incident <Link to={`/incidents/${arrived.id}`}>#{arrived.number} {arrived.title}</Link> arrived live.
          </div>
        ) : null}
      </div>
      <div className="form-actions">
        <Link to="/incidents" className="btn btn-primary">
          Go to incidents
        </Link>
      </div>
    </div>
  );
}

function alertmanagerTestBody() {
  const now = new Date().toISOString();
  return {
    version: '4',
    groupKey: '{}:{alertname="VigilSetupTest"}',
    status: 'firing',
    receiver: 'vigil',
    groupLabels: { alertname: 'VigilSetupTest' },
    commonLabels: { alertname: 'VigilSetupTest', severity: 'warning' },
    commonAnnotations: { summary: 'Test event from the setup wizard' },
    externalURL: location.origin,
    alerts: [
      {
        status: 'firing',
        labels: { alertname: 'VigilSetupTest', severity: 'warning' },
        annotations: { summary: 'Test event from the setup wizard' },
        startsAt: now,
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL: location.origin,
        fingerprint: `setup-${Date.now().toString(16)}`,
      },
    ],
  };
}
