import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, unwrap } from '../../api/client';
import { Dialog } from '../../ui/dialog';
import { Field, fieldError, FormError } from '../../ui/form';
import { useToast } from '../../ui/toast';
import { OnceSecret } from './OnceSecret';

/** Names a new key, then shows its token once. */
export function CreateApiKeyDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [name, setName] = useState('');
  const create = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/api-keys', { body: { name } })),
    onSuccess: async (key) => {
      toast(`API key ${key.name} created.`);
      await queryClient.invalidateQueries({ queryKey: ['api-keys'] });
    },
  });
  const close = (next: boolean) => {
    onOpenChange(next);
    if (!next) {
      create.reset();
      setName('');
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <Dialog open={open} onOpenChange={close} title={create.data ? `API key ${create.data.name}` : 'Create an API key'}>
      {create.data ? (
        <>
          <OnceSecret label="API key" value={create.data.token} what="this key" />
          <div className="form-actions">
            <button type="button" className="btn btn-primary" onClick={() => close(false)}>
              I have copied it
            </button>
          </div>
        </>
      ) : (
        <form className="form" onSubmit={submit}>
          <Field label="Name" hint="What uses it, e.g. “Terraform” or “deploy script”." error={fieldError(create.error, 'name')}>
            {(props) => <input {...props} required maxLength={200} autoComplete="off" value={name} onChange={(event) => setName(event.target.value)} />}
          </Field>
          <FormError error={create.error} />
          <div className="form-actions">
            <button type="button" className="btn" onClick={() => close(false)}>
              Cancel
            </button>
            <button type="submit" className="btn btn-primary" disabled={create.isPending}>
              {create.isPending ? 'Creating…' : 'Create key'}
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
