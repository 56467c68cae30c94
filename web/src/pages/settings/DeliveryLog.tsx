import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, errorMessage, unwrap } from '../../api/client';
import { Empty, MorePages, QueryState } from '../../ui/feedback';
import { Field } from '../../ui/form';
import { Section } from '../../ui/page';
import { formatTime, Time } from '../../ui/time';
import { useToast } from '../../ui/toast';
import { type Delivery, useDeliveries } from './webhooks.queries';

const statusTone: Record<Delivery['status'], string> = { succeeded: 'state-ok', pending: 'state-warn', failed: 'state-bad' };

/** Every event sent to the webhook, its status and each attempt with the receiver's answer; redeliver any. */
export function DeliveryLog({ webhookId }: { webhookId: string }) {
  const [status, setStatus] = useState<Delivery['status'] | ''>('');
  const deliveries = useDeliveries(webhookId, status);
  const list = { data: deliveries.data?.pages.flatMap((page) => page.deliveries), error: deliveries.error, isPending: deliveries.isPending };
  return (
    <Section
      title="Delivery log"
      actions={
        <Field label="Status">
          {(props) => (
            <select {...props} value={status} onChange={(event) => setStatus(event.target.value as Delivery['status'] | '')}>
              <option value="">All</option>
              <option value="pending">Pending</option>
              <option value="succeeded">Succeeded</option>
              <option value="failed">Failed</option>
            </select>
          )}
        </Field>
      }
    >
      <QueryState query={list}>
        {(rows) =>
          rows.length === 0 ? (
            <Empty>{status ? `No ${status} deliveries.` : 'No deliveries yet: they appear here as events of the chosen types happen.'}</Empty>
          ) : (
            <>
              <div className="table-wrap">
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col">Event</th>
                      <th scope="col">Status</th>
                      <th scope="col">Attempts</th>
                      <th scope="col">
                        <span className="sr-only">Actions</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((delivery) => (
                      <DeliveryRow key={delivery.id} webhookId={webhookId} delivery={delivery} />
                    ))}
                  </tbody>
                </table>
              </div>
              <MorePages query={deliveries} label="Show older deliveries" />
            </>
          )
        }
      </QueryState>
    </Section>
  );
}

function DeliveryRow({ webhookId, delivery }: { webhookId: string; delivery: Delivery }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const redeliver = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver', { params: { path: { id: webhookId, deliveryId: delivery.id } } })),
    onSuccess: async () => {
      toast(`Redelivery of ${delivery.event_type} queued.`);
      await queryClient.invalidateQueries({ queryKey: ['webhook-deliveries', webhookId] });
    },
    onError: (error) => toast(errorMessage(error), 'error'),
  });
  return (
    <tr>
      <td>
        <div className="mono">{delivery.event_type}</div>
        <div className="hint">
          <Time iso={delivery.created_at} />
        </div>
      </td>
      <td>
        <span className={`badge ${statusTone[delivery.status]}`}>{delivery.status}</span>
        {delivery.status === 'pending' && delivery.next_attempt_at ? (
          <div className="hint">
            next try <Time iso={delivery.next_attempt_at} />
          </div>
        ) : null}
      </td>
      <td>
        {delivery.attempts.length === 0 ? (
          <span className="muted">none yet</span>
        ) : (
          <ol className="attempts">
            {delivery.attempts.map((attempt) => (
              <li key={attempt.attempt} title={attempt.response_body ?? undefined}>
                <span className={attempt.succeeded ? 'state-ok' : 'state-bad'}>{attempt.status_code ?? 'no answer'}</span> · {attempt.duration_ms} ms · <time dateTime={attempt.at}>{formatTime(attempt.at)}</time>
                {attempt.trigger === 'manual' ? ' · redelivered' : ''}
                {attempt.error ? <div className="hint">{attempt.error}</div> : null}
              </li>
            ))}
          </ol>
        )}
      </td>
      <td className="cell-actions">
        <button type="button" className="btn btn-small" aria-label={`Redeliver ${delivery.event_type} from ${formatTime(delivery.created_at)}`} disabled={redeliver.isPending} onClick={() => redeliver.mutate()}>
          Redeliver
        </button>
      </td>
    </tr>
  );
}
