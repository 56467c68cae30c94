import './settings.css';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { Empty, QueryState } from '../../ui/feedback';
import { FormError } from '../../ui/form';
import { Page, Section } from '../../ui/page';
import { formatTime, Time } from '../../ui/time';
import { useToast } from '../../ui/toast';
import { useMe } from '../../app/session';
import { ConfirmButton } from './ConfirmButton';
import { DeliveryLog } from './DeliveryLog';
import { RotateSecretButton } from './RotateSecretButton';
import { WebhookSettings } from './WebhookSettings';
import { useWebhook, type Webhook, webhookState } from './webhooks.queries';

export function WebhookPage() {
  const { id = '' } = useParams();
  const me = useMe();
  const webhook = useWebhook(id);
  if (me.data && me.data.role !== 'admin') {
    return (
      <Page title="Webhook">
        <Empty>Only admins manage outgoing webhooks.</Empty>
      </Page>
    );
  }
  return <QueryState query={webhook}>{(data) => <WebhookView webhook={data} />}</QueryState>;
}

function WebhookView({ webhook }: { webhook: Webhook }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const toast = useToast();
  const state = webhookState(webhook);
  const toggle = useMutation({
    mutationFn: () => unwrap(api.PATCH('/api/v1/webhooks/{id}', { params: { path: { id: webhook.id } }, body: { enabled: !webhook.enabled } })),
    onSuccess: async (saved) => {
      queryClient.setQueryData(['webhook', saved.id], saved);
      toast(saved.enabled ? 'Webhook enabled: deliveries resume.' : 'Webhook paused: no deliveries until you enable it.');
      await queryClient.invalidateQueries({ queryKey: ['webhooks'] });
    },
  });
  return (
    <Page
      title="Webhook"
      subtitle={<span className="mono">{webhook.url}</span>}
      actions={
        <>
          <button type="button" className={webhook.enabled ? 'btn' : 'btn btn-primary'} disabled={toggle.isPending} onClick={() => toggle.mutate()}>
            {webhook.enabled ? 'Pause' : 'Enable'}
          </button>
          <RotateSecretButton webhook={webhook} />
          <ConfirmButton
            label="Delete"
            name="Delete webhook"
            className="btn btn-danger"
            title="Delete this webhook?"
            message="Deliveries stop, and its delivery log is deleted with it."
            confirmLabel="Delete webhook"
            done="Webhook deleted."
            onConfirm={async () => {
              await unwrap(api.DELETE('/api/v1/webhooks/{id}', { params: { path: { id: webhook.id } } }));
              queryClient.removeQueries({ queryKey: ['webhook', webhook.id] });
              await queryClient.invalidateQueries({ queryKey: ['webhooks'] });
              navigate('/webhooks');
            }}
          />
        </>
      }
    >
      <FormError error={toggle.error} />
      <div className="grid">
        <Section title="Status">
          <dl className="dl-grid">
            <dt>State</dt>
            <dd>
              <span className={state.tone}>{state.label}</span>
              {state.detail ? <div className="hint">{state.detail}</div> : null}
            </dd>
            {webhook.failing_since ? (
              <>
                <dt>Failing since</dt>
                <dd>
                  <Time iso={webhook.failing_since} /> <span className="hint">(5 days of failures disable it)</span>
                </dd>
              </>
            ) : null}
            {webhook.disabled_at ? (
              <>
                <dt>Disabled</dt>
                <dd>
                  <Time iso={webhook.disabled_at} />
                </dd>
              </>
            ) : null}
            {webhook.previous_secret_expires_at ? (
              <>
                <dt>Previous secret</dt>
                <dd>
                  also signs until <time dateTime={webhook.previous_secret_expires_at}>{formatTime(webhook.previous_secret_expires_at)}</time>
                </dd>
              </>
            ) : null}
            <dt>Created</dt>
            <dd>
              <Time iso={webhook.created_at} />
            </dd>
          </dl>
        </Section>
        <WebhookSettings key={webhook.updated_at} webhook={webhook} />
      </div>
      <DeliveryLog webhookId={webhook.id} />
    </Page>
  );
}
