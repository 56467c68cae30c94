import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, unwrap } from '../../api/client';
import { FormError } from '../../ui/form';
import { Section } from '../../ui/page';
import { useToast } from '../../ui/toast';
import { draftBody, type WebhookDraft, WebhookFields } from './WebhookFields';
import { type EventType, type Webhook } from './webhooks.queries';

const draftOf = (webhook: Webhook): WebhookDraft => ({
  url: webhook.url,
  description: webhook.description,
  events: webhook.event_types.includes('*') ? '*' : (webhook.event_types as EventType[]),
  allowPrivateNetwork: webhook.allow_private_network,
});

export function WebhookSettings({ webhook }: { webhook: Webhook }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [draft, setDraft] = useState(() => draftOf(webhook));
  const save = useMutation({
    mutationFn: () => unwrap(api.PATCH('/api/v1/webhooks/{id}', { params: { path: { id: webhook.id } }, body: draftBody(draft) })),
    onSuccess: async (saved) => {
      queryClient.setQueryData(['webhook', saved.id], saved);
      toast('Webhook settings saved.');
      await queryClient.invalidateQueries({ queryKey: ['webhooks'] });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <Section title="Settings">
      <form className="form" onSubmit={submit} aria-label="Webhook settings">
        <WebhookFields draft={draft} onChange={setDraft} error={save.error} />
        <FormError error={save.error} />
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={save.isPending || (draft.events !== '*' && draft.events.length === 0)}>
            {save.isPending ? 'Saving…' : 'Save settings'}
          </button>
        </div>
      </form>
    </Section>
  );
}
