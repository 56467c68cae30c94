import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, unwrap } from '../../api/client';
import { Dialog } from '../../ui/dialog';
import { Field, fieldError, FormError } from '../../ui/form';
import { useToast } from '../../ui/toast';
import type { Role } from './people.queries';
import { RoleSelect } from './RoleSelect';

/** Adds a user with a password the admin sets (for when e-mail cannot reach them); they can change it later. */
export function AddUserDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('responder');
  const add = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/users', { body: { name, email, password, role } })),
    onSuccess: async (answer) => {
      toast(`${answer.user.name} added.`);
      await queryClient.invalidateQueries({ queryKey: ['users'] });
      close(false);
    },
  });
  function close(next: boolean) {
    onOpenChange(next);
    if (!next) {
      add.reset();
      setName('');
      setEmail('');
      setPassword('');
      setRole('responder');
    }
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate();
  };
  return (
    <Dialog open={open} onOpenChange={close} title="Add a user" description="Set a first password and hand it over; they can change it on their profile.">
      <form className="form" onSubmit={submit}>
        <Field label="Name" error={fieldError(add.error, 'name')}>
          {(props) => <input {...props} required autoComplete="off" value={name} onChange={(event) => setName(event.target.value)} />}
        </Field>
        <Field label="E-mail" error={fieldError(add.error, 'email')}>
          {(props) => <input {...props} type="email" required autoComplete="off" value={email} onChange={(event) => setEmail(event.target.value)} />}
        </Field>
        <Field label="Password" hint="At least 12 characters." error={fieldError(add.error, 'password')}>
          {(props) => <input {...props} type="password" required minLength={12} autoComplete="new-password" value={password} onChange={(event) => setPassword(event.target.value)} />}
        </Field>
        <RoleSelect value={role} onChange={setRole} error={fieldError(add.error, 'role')} />
        <FormError error={add.error} />
        <div className="form-actions">
          <button type="button" className="btn" onClick={() => close(false)}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={add.isPending}>
            {add.isPending ? 'Adding…' : 'Add user'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
