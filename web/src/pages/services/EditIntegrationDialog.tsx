import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { Dialog } from '../../ui/dialog';
import { Field, fieldError, FormError } from '../../ui/form';
import { useToast } from '../../ui/toast';
import { type IntegrationView, serviceKeys } from './services-api';

/** Renames an integration or changes its rate limit (empty: the instance's default). */
export function EditIntegrationDialog({ integration, open, onOpenChange }: { integration: IntegrationView; open: boolean; onOpenChange: (open: boolean) => void }) {
  const [name, setName] = useState(integration.name);
  const [limit, setLimit] = useState(String(integration.rate_limit_per_minute));
  const queryClient = useQueryClient();
  const toast = useToast();
  const save = useMutation({
    mutationFn: () =>
      unwrap(
        api.PATCH('/api/v1/integrations/{id}', {
          params: { path: { id: integration.id } },
          body: { name, rate_limit_per_minute: limit.trim() === '' ? null : Number(limit) },
        }),
      ),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: serviceKeys.integrations(integration.service_id) });
      toast('Integration saved');
      onOpenChange(false);
    },
  });
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (next) {
          setName(integration.name);
          setLimit(String(integration.rate_limit_per_minute));
        } else save.reset();
        onOpenChange(next);
      }}
      title={`Edit ${integration.name}`}
    >
      <form
        className="form"
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate();
        }}
      >
        <Field label="Name" error={fieldError(save.error, 'name')}>
          {(props) => <input {...props} value={name} onChange={(event) => setName(event.target.value)} required maxLength={200} autoComplete="off" />}
        </Field>
        <Field label="Rate limit (events a minute)" hint="Events over the limit are refused with 429. Empty: the instance's default." error={fieldError(save.error, 'rate_limit_per_minute')}>
          {(props) => <input {...props} type="number" min={1} step={1} inputMode="numeric" value={limit} onChange={(event) => setLimit(event.target.value)} />}
        </Field>
        <FormError error={save.error} />
        <div className="form-actions">
          <button type="button" className="btn" onClick={() => onOpenChange(false)}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : 'Save'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
