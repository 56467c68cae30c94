import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, unwrap } from '../../api/client';
import { Field, fieldError, FormError } from '../../ui/form';
import { IntegrationSnippets } from './IntegrationSnippets';

export interface ReadyIntegration {
  serviceId: string;
  serviceName: string;
  type: string;
  key: string;
  url: string;
  instructions?: string | undefined;
}

type IntegrationType = 'events_api_v2' | 'alertmanager';

/** A first service with an integration, or the demo organisation; then the integration's URL and snippets. */
export function FirstServiceStep({ onReady }: { onReady: (integration: ReadyIntegration) => void }) {
  const [name, setName] = useState('');
  const [type, setType] = useState<IntegrationType>('events_api_v2');
  const [ready, setReady] = useState<ReadyIntegration>();
  const create = useMutation({
    mutationFn: async () => {
      const service = await unwrap(api.POST('/api/v1/services', { body: { name } }));
      return addIntegration(service.id, service.name, type);
    },
    onSuccess: setReady,
  });
  const demo = useMutation({
    mutationFn: async () => {
      await unwrap(api.POST('/api/v1/demo', { body: {} }));
      const { services } = await unwrap(api.GET('/api/v1/services', { params: { query: { limit: 50 } } }));
      for (const service of services) {
        const { integrations } = await unwrap(api.GET('/api/v1/services/{id}/integrations', { params: { path: { id: service.id } } }));
        const events = integrations.find((integration) => integration.type === 'events_api_v2');
        if (events) return { serviceId: service.id, serviceName: service.name, type: events.type, key: events.integration_key, url: events.url, instructions: events.setup_instructions };
      }
      const first = services[0];
      if (!first) throw new Error('The demo organisation has no service.');
      return addIntegration(first.id, first.name, 'events_api_v2');
    },
    onSuccess: setReady,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  if (ready) {
    return (
      <div className="stack">
        <h2>Point a tool at “{ready.serviceName}”</h2>
        <IntegrationSnippets integration={ready} />
        <div className="form-actions">
          <button type="button" className="btn btn-primary" onClick={() => onReady(ready)}>
            Continue: send a test event
          </button>
        </div>
      </div>
    );
  }
  return (
    <div className="stack">
      <form className="form" onSubmit={submit}>
        <h2>Your first service</h2>
        <p className="muted">A service is something you run and get paged for: an API, a database, a queue.</p>
        <Field label="Service name" error={fieldError(create.error, 'name')}>
          {(props) => <input {...props} required value={name} onChange={(e) => setName(e.target.value)} placeholder="Checkout API" />}
        </Field>
        <Field label="Alerts come from">
          {(props) => (
            <select {...props} value={type} onChange={(e) => setType(e.target.value as IntegrationType)}>
              <option value="events_api_v2">Anything that speaks PagerDuty's Events API v2 (scripts, Grafana, Datadog…)</option>
              <option value="alertmanager">Prometheus Alertmanager (webhook)</option>
            </select>
          )}
        </Field>
        <FormError error={create.error} />
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={create.isPending || demo.isPending}>
            {create.isPending ? 'Creating…' : 'Create service'}
          </button>
        </div>
      </form>
      <div className="setup-or" role="separator">
        or
      </div>
      <div className="stack">
        <p>Just looking around? Fill the organisation with demo services, people, schedules and three weeks of incidents.</p>
        <FormError error={demo.error} />
        <button type="button" className="btn" onClick={() => demo.mutate()} disabled={create.isPending || demo.isPending}>
          {demo.isPending ? 'Creating demo data…' : 'Explore with demo data'}
        </button>
      </div>
    </div>
  );
}

async function addIntegration(serviceId: string, serviceName: string, type: IntegrationType): Promise<ReadyIntegration> {
  const integration = await unwrap(api.POST('/api/v1/services/{id}/integrations', { params: { path: { id: serviceId } }, body: { type } }));
  return { serviceId, serviceName, type, key: integration.integration_key, url: integration.url, instructions: integration.setup_instructions };
}
