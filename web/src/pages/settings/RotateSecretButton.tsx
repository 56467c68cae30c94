import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { Dialog } from '../../ui/dialog';
import { FormError } from '../../ui/form';
import { useToast } from '../../ui/toast';
import { OnceSecret } from './OnceSecret';
import type { Webhook } from './webhooks.queries';

/** Asks, rotates, then shows the new secret once; the old one keeps signing for a day so receivers can switch. */
export function RotateSecretButton({ webhook }: { webhook: Webhook }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [open, setOpen] = useState(false);
  const rotate = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/webhooks/{id}/rotate-secret', { params: { path: { id: webhook.id } } })),
    onSuccess: (rotated) => {
      const { secret: _secret, ...view } = rotated;
      queryClient.setQueryData(['webhook', webhook.id], view);
      toast('Signing secret rotated.');
    },
  });
  const close = (next: boolean) => {
    setOpen(next);
    if (!next) rotate.reset();
  };
  return (
    <>
      <button type="button" className="btn" onClick={() => setOpen(true)}>
        Rotate secret
      </button>
      <Dialog open={open} onOpenChange={close} title={rotate.data ? 'New signing secret' : 'Rotate the signing secret?'}>
        {rotate.data ? (
          <OnceSecret label="Signing secret" value={rotate.data.secret} what="the new signing secret" />
        ) : (
          <p>Vigil signs with a new secret from now on. For 24 hours each delivery also carries a signature with the current secret, so you can update the receiver without missing events.</p>
        )}
        <FormError error={rotate.error} />
        <div className="form-actions">
          {rotate.data ? (
            <button type="button" className="btn btn-primary" onClick={() => close(false)}>
              Done
            </button>
          ) : (
            <>
              <button type="button" className="btn" onClick={() => close(false)}>
                Cancel
              </button>
              <button type="button" className="btn btn-primary" disabled={rotate.isPending} onClick={() => rotate.mutate()}>
                {rotate.isPending ? 'Rotating…' : 'Rotate secret'}
              </button>
            </>
          )}
        </div>
      </Dialog>
    </>
  );
}
