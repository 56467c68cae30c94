import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, unwrap } from '../../api/client';
import { Field, fieldError, FormError } from '../../ui/form';
import { useToast } from '../../ui/toast';
import { contactTypes } from './profile.queries';

type ContactType = (typeof contactTypes)[number]['value'];

export function AddContactMethodForm({ userId }: { userId: string }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [type, setType] = useState<ContactType>('email');
  const [address, setAddress] = useState('');
  const [label, setLabel] = useState('');
  const kind = contactTypes.find((option) => option.value === type) ?? contactTypes[0];
  const add = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/users/{userId}/contact-methods', { params: { path: { userId } }, body: { type, address, ...(label.trim() && { label: label.trim() }) } })),
    onSuccess: async (method) => {
      toast(`${method.label} added.`);
      setAddress('');
      setLabel('');
      await queryClient.invalidateQueries({ queryKey: ['contact-methods', userId] });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate();
  };
  return (
    <form className="stack" onSubmit={submit} aria-label="Add a contact method">
      <h3>Add a contact method</h3>
      <div className="inline-form">
        <Field label="Type" error={fieldError(add.error, 'type')}>
          {(props) => (
            <select {...props} value={type} onChange={(event) => setType(event.target.value as ContactType)}>
              {contactTypes.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={kind.addressLabel} hint={kind.hint} error={fieldError(add.error, 'address')}>
          {(props) => <input {...props} type={kind.inputType} required maxLength={320} autoComplete="off" value={address} onChange={(event) => setAddress(event.target.value)} />}
        </Field>
        <Field label="Label (optional)" hint="e.g. Work e-mail" error={fieldError(add.error, 'label')}>
          {(props) => <input {...props} maxLength={100} autoComplete="off" value={label} onChange={(event) => setLabel(event.target.value)} />}
        </Field>
        <button type="submit" className="btn btn-primary" disabled={add.isPending}>
          {add.isPending ? 'Adding…' : 'Add contact method'}
        </button>
      </div>
      <FormError error={add.error} />
    </form>
  );
}
