import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { Dialog } from '../../ui/dialog';
import { FormError } from '../../ui/form';
import { useToast } from '../../ui/toast';
import { OnceSecret } from './OnceSecret';
import { draftBody, type WebhookDraft, WebhookFields } from './WebhookFields';

const blank: WebhookDraft = { url: '', description: '', events: '*', allowPrivateNetwork: false };

/** Subscribes a URL, then shows the signing secret once. */
export function CreateWebhookDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [draft, setDraft] = useState(blank);
  const create = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/webhooks', { body: draftBody(draft) })),
    onSuccess: async () => {
      toast('Webhook added.');
      await queryClient.invalidateQueries({ queryKey: ['webhooks'] });
    },
  });
  const close = (next: boolean) => {
    onOpenChange(next);
    if (!next) {
      create.reset();
      setDraft(blank);
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  const created = create.data;
  return (
    <Dialog open={open} onOpenChange={close} title={created ? 'Webhook added' : 'Add a webhook'}>
      {created ? (
        <>
          <p>
            Vigil signs every delivery to <span className="mono">{created.url}</span> with this secret (headers <code>webhook-id</code>, <code>webhook-timestamp</code>, <code>webhook-signature</code>): verify
            it in the receiver.
          </p>
          <OnceSecret label="Signing secret" value={created.secret} what="the signing secret" />
          <div className="form-actions">
            <Link className="btn" to={`/webhooks/${created.id}`} onClick={() => close(false)}>
              Open the webhook
            </Link>
            <button type="button" className="btn btn-primary" onClick={() => close(false)}>
              Done
            </button>
          </div>
        </>
      ) : (
        <form className="form" onSubmit={submit}>
          <WebhookFields draft={draft} onChange={setDraft} error={create.error} />
          <FormError error={create.error} />
          <div className="form-actions">
            <button type="button" className="btn" onClick={() => close(false)}>
              Cancel
            </button>
            <button type="submit" className="btn btn-primary" disabled={create.isPending || (draft.events !== '*' && draft.events.length === 0)}>
              {create.isPending ? 'Adding…' : 'Add webhook'}
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
