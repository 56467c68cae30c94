import { useState } from 'react';
import { Empty, QueryState } from '../../ui/feedback';
import { Section } from '../../ui/page';
import { AddIntegrationDialog } from './AddIntegrationDialog';
import { IntegrationCard } from './IntegrationCard';
import { useIntegrations } from './services-api';

/** The service's integrations (where its alerts come from), and adding one. */
export function IntegrationsTab({ serviceId, writable }: { serviceId: string; writable: boolean }) {
  const integrations = useIntegrations(serviceId);
  const [adding, setAdding] = useState(false);
  return (
    <Section
      title="Integrations"
      actions={
        writable ? (
          <button type="button" className="btn btn-primary" onClick={() => setAdding(true)}>
            Add integration
          </button>
        ) : null
      }
    >
      <QueryState query={integrations}>
        {(list) =>
          list.length === 0 ? (
            <Empty>No integrations yet: add one to start receiving alerts.</Empty>
          ) : (
            <ul className="svc-integrations">
              {list.map((integration) => (
                <li key={integration.id}>
                  <IntegrationCard integration={integration} writable={writable} />
                </li>
              ))}
            </ul>
          )
        }
      </QueryState>
      <AddIntegrationDialog serviceId={serviceId} open={adding} onOpenChange={setAdding} />
    </Section>
  );
}
