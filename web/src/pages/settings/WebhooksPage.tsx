import './settings.css';
import { useState } from 'react';
import { Link } from 'react-router';
import { useMe } from '../../app/session';
import { Empty, MorePages, QueryState } from '../../ui/feedback';
import { Page, Section } from '../../ui/page';
import { Time } from '../../ui/time';
import { CreateWebhookDialog } from './CreateWebhookDialog';
import { eventsSummary, useWebhooks, type Webhook, webhookState } from './webhooks.queries';

/** Outgoing webhooks (admins): where Vigil POSTs incident and change events. */
export function WebhooksPage() {
  const me = useMe();
  const isAdmin = me.data?.role === 'admin';
  const [creating, setCreating] = useState(false);
  return (
    <Page
      title="Webhooks"
      subtitle="Vigil POSTs incident and change events to these URLs, signed, retrying for about a day when they fail."
      actions={
        isAdmin ? (
          <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
            Add webhook
          </button>
        ) : null
      }
    >
      {me.data && !isAdmin ? <Empty>Only admins manage outgoing webhooks; ask one of your organisation's admins.</Empty> : isAdmin ? <WebhookList /> : null}
      {isAdmin ? <CreateWebhookDialog open={creating} onOpenChange={setCreating} /> : null}
    </Page>
  );
}

function WebhookList() {
  const webhooks = useWebhooks();
  const list = { data: webhooks.data?.pages.flatMap((page) => page.webhooks), error: webhooks.error, isPending: webhooks.isPending };
  return (
    <Section title="Subscriptions">
      <QueryState query={list}>
        {(rows) =>
          rows.length === 0 ? (
            <Empty>No webhooks yet. Add one to send incident events to chat bots, ticket systems or your own tools.</Empty>
          ) : (
            <>
              <WebhooksTable webhooks={rows} />
              <MorePages query={webhooks} label="Show more" />
            </>
          )
        }
      </QueryState>
    </Section>
  );
}

function WebhooksTable({ webhooks }: { webhooks: Webhook[] }) {
  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">URL</th>
            <th scope="col">Events</th>
            <th scope="col">State</th>
            <th scope="col" className="hide-narrow">
              Created
            </th>
          </tr>
        </thead>
        <tbody>
          {webhooks.map((webhook) => {
            const state = webhookState(webhook);
            return (
              <tr key={webhook.id}>
                <td>
                  <Link to={`/webhooks/${webhook.id}`} className="mono">
                    {webhook.url}
                  </Link>
                  {webhook.description ? <div className="muted">{webhook.description}</div> : null}
                </td>
                <td>{eventsSummary(webhook.event_types)}</td>
                <td>
                  <span className={state.tone}>{state.label}</span>
                  {webhook.failing_since && webhook.enabled ? (
                    <div className="hint">
                      since <Time iso={webhook.failing_since} />
                    </div>
                  ) : state.detail ? (
                    <div className="hint">{state.detail}</div>
                  ) : null}
                </td>
                <td className="hide-narrow">
                  <Time iso={webhook.created_at} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
