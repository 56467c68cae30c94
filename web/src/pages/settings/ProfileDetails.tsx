import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, unwrap } from '../../api/client';
import type { Me } from '../../api/types';
import { Field, fieldError, FormError } from '../../ui/form';
import { Section } from '../../ui/page';
import { useToast } from '../../ui/toast';

/** Name (editable), e-mail and role (shown; an admin changes roles on the People page). */
export function ProfileDetails({ user }: { user: Me }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [name, setName] = useState(user.name);
  const save = useMutation({
    mutationFn: () => unwrap(api.PATCH('/api/v1/users/{id}', { params: { path: { id: user.id } }, body: { name } })),
    onSuccess: async (answer) => {
      queryClient.setQueryData(['me'], answer.user);
      await queryClient.invalidateQueries({ queryKey: ['users'] });
      toast('Your name is saved.');
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <Section title="Your details">
      <form className="form" onSubmit={submit}>
        <Field label="Name" error={fieldError(save.error, 'name')}>
          {(props) => <input {...props} required maxLength={200} autoComplete="name" value={name} onChange={(event) => setName(event.target.value)} />}
        </Field>
        <dl className="dl-grid">
          <dt>E-mail</dt>
          <dd>{user.email}</dd>
          <dt>Role</dt>
          <dd>
            <span className="badge">{user.role}</span>
          </dd>
        </dl>
        <FormError error={save.error} />
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={save.isPending || name.trim() === user.name}>
            {save.isPending ? 'Saving…' : 'Save name'}
          </button>
        </div>
      </form>
    </Section>
  );
}
