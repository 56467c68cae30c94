import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, unwrap } from '../../api/client';
import { Dialog } from '../../ui/dialog';
import { Field, fieldError, FormError } from '../../ui/form';
import { useToast } from '../../ui/toast';
import { type ContactMethod, contactTypeLabel } from './profile.queries';

export function EditContactMethodDialog({ method, onClose }: { method: ContactMethod; onClose: () => void }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [label, setLabel] = useState(method.label);
  const [address, setAddress] = useState(method.address);
  const save = useMutation({
    mutationFn: () => unwrap(api.PATCH('/api/v1/users/{userId}/contact-methods/{id}', { params: { path: { userId: method.user_id, id: method.id } }, body: { label, address } })),
    onSuccess: async (saved) => {
      toast(`${saved.label} saved.`);
      await queryClient.invalidateQueries({ queryKey: ['contact-methods', method.user_id] });
      onClose();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()} title={`Edit ${method.label}`} description={`${contactTypeLabel(method.type)}. Notifications already scheduled keep the old address.`}>
      <form className="form" onSubmit={submit}>
        <Field label="Label" error={fieldError(save.error, 'label')}>
          {(props) => <input {...props} required maxLength={100} value={label} onChange={(event) => setLabel(event.target.value)} />}
        </Field>
        <Field label="Address" error={fieldError(save.error, 'address')}>
          {(props) => <input {...props} required maxLength={320} value={address} onChange={(event) => setAddress(event.target.value)} />}
        </Field>
        <FormError error={save.error} />
        <div className="form-actions">
          <button type="button" className="btn" onClick={onClose}>
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
