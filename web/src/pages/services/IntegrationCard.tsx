import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { useToast } from '../../ui/toast';
import { ConfirmDialog } from './ConfirmDialog';
import { SecretValue } from './copy';
import { EditIntegrationDialog } from './EditIntegrationDialog';
import { HeartbeatStatus } from './HeartbeatStatus';
import { typeLabel } from './integration-catalogue';
import { IntegrationSetup } from './IntegrationSetup';
import { MappingEditor } from './MappingEditor';
import { type IntegrationView, serviceKeys } from './services-api';

/** One integration: type, masked key, rate limit, heartbeat status; setup and mapping on demand; edit and delete. */
export function IntegrationCard({ integration, writable }: { integration: IntegrationView; writable: boolean }) {
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const queryClient = useQueryClient();
  const toast = useToast();
  const remove = useMutation({
    mutationFn: () => unwrap(api.DELETE('/api/v1/integrations/{id}', { params: { path: { id: integration.id } } })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: serviceKeys.integrations(integration.service_id) });
      toast(`Integration ${integration.name} deleted`);
      setDeleting(false);
    },
  });
  return (
    <article className="svc-integration" aria-labelledby={`integration-${integration.id}`}>
      <div className="svc-integration-head">
        <div>
          <h3 id={`integration-${integration.id}`}>{integration.name}</h3>
          <span className="muted">{typeLabel(integration.type)}</span>
        </div>
        {writable ? (
          <div className="row">
            <button type="button" className="btn btn-small" onClick={() => setEditing(true)} aria-label={`Edit ${integration.name}`}>
              Edit
            </button>
            <button type="button" className="btn btn-small btn-danger" onClick={() => setDeleting(true)} aria-label={`Delete ${integration.name}`}>
              Delete
            </button>
          </div>
        ) : null}
      </div>
      <dl className="svc-facts">
        <dt>Key</dt>
        <dd>
          <SecretValue value={integration.integration_key} name={`key of ${integration.name}`} />
        </dd>
        <dt>Rate limit</dt>
        <dd>{integration.rate_limit_per_minute.toLocaleString()} events a minute</dd>
        {integration.type === 'heartbeat' ? (
          <>
            <dt>Heartbeat</dt>
            <dd>
              <HeartbeatStatus integrationId={integration.id} />
            </dd>
          </>
        ) : null}
      </dl>
      <details className="svc-details">
        <summary>Setup instructions</summary>
        <IntegrationSetup integration={integration} />
      </details>
      {integration.type === 'generic_webhook' ? (
        <details className="svc-details">
          <summary>Mapping and test</summary>
          <MappingEditor integration={integration} writable={writable} />
        </details>
      ) : null}
      <EditIntegrationDialog integration={integration} open={editing} onOpenChange={setEditing} />
      <ConfirmDialog
        open={deleting}
        onOpenChange={(open) => {
          if (!open) remove.reset();
          setDeleting(open);
        }}
        title={`Delete ${integration.name}?`}
        confirmLabel="Delete integration"
        onConfirm={() => remove.mutate()}
        pending={remove.isPending}
        error={remove.error}
      >
        <p>Its key stops working at once: whatever still sends with it gets an error, and its alerts no longer reach this service.</p>
      </ConfirmDialog>
    </article>
  );
}
