import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { Empty, QueryState } from '../../ui/feedback';
import { Field, fieldError, FormError } from '../../ui/form';
import { Section } from '../../ui/page';
import { useToast } from '../../ui/toast';
import { serviceKeys } from './services-api';

/** Slack channels the service's incidents are posted to (the organisation's Slack app must be connected). */
export function SlackChannels({ serviceId, writable }: { serviceId: string; writable: boolean }) {
  const channels = useQuery({
    queryKey: serviceKeys.slack(serviceId),
    queryFn: async () => (await unwrap(api.GET('/api/v1/services/{id}/slack-channels', { params: { path: { id: serviceId } } }))).slack_channels,
  });
  const [channel, setChannel] = useState('');
  const [incidentChannels, setIncidentChannels] = useState(false);
  const queryClient = useQueryClient();
  const toast = useToast();
  const refresh = () => queryClient.invalidateQueries({ queryKey: serviceKeys.slack(serviceId) });
  const add = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/services/{id}/slack-channels', { params: { path: { id: serviceId } }, body: { channel_id: channel.trim(), incident_channels: incidentChannels } })),
    onSuccess: () => {
      void refresh();
      setChannel('');
      toast('Slack channel added');
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/v1/services/{id}/slack-channels/{channelId}', { params: { path: { id: serviceId, channelId: id } } })),
    onSuccess: () => {
      void refresh();
      toast('Slack channel removed');
    },
    onError: (error) => toast(error.message, 'error'),
  });
  return (
    <Section title="Slack">
      <QueryState query={channels}>
        {(list) =>
          list.length === 0 ? (
            <Empty>Incidents of this service are not posted to Slack.</Empty>
          ) : (
            <ul className="svc-list">
              {list.map((item) => (
                <li key={item.id} className="row">
                  <code>{item.channel_id}</code>
                  {item.incident_channels ? <span className="muted">and a channel per incident</span> : null}
                  {writable ? (
                    <button type="button" className="btn btn-small" aria-label={`Stop posting to ${item.channel_id}`} disabled={remove.isPending} onClick={() => remove.mutate(item.id)}>
                      Remove
                    </button>
                  ) : null}
                </li>
              ))}
            </ul>
          )
        }
      </QueryState>
      {writable ? (
        <form
          className="form svc-slack-form"
          onSubmit={(event) => {
            event.preventDefault();
            add.mutate();
          }}
        >
          <Field label="Slack channel ID" hint="Like C0123456789 (in Slack: the channel's details, at the bottom). Connect Slack in the organisation settings first." error={fieldError(add.error, 'channel_id')}>
            {(props) => <input {...props} value={channel} onChange={(event) => setChannel(event.target.value)} required autoComplete="off" />}
          </Field>
          <label className="row">
            <input type="checkbox" checked={incidentChannels} onChange={(event) => setIncidentChannels(event.target.checked)} /> Also open a channel for each incident (archived when it resolves)
          </label>
          <FormError error={add.error} />
          <div className="form-actions">
            <button type="submit" className="btn" disabled={add.isPending}>
              {add.isPending ? 'Adding…' : 'Post incidents to this channel'}
            </button>
          </div>
        </form>
      ) : null}
    </Section>
  );
}
