import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { api, unwrap } from '../../api/client';
import { Dialog } from '../../ui/dialog';
import { Field, fieldError, FormError } from '../../ui/form';
import { useToast } from '../../ui/toast';
import type { Team } from './people.queries';

/** Creates a team (then opens it), or renames an existing one and changes its description. */
export function TeamFormDialog({ open, onOpenChange, team }: { open: boolean; onOpenChange: (open: boolean) => void; team?: Team }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const toast = useToast();
  const [name, setName] = useState(team?.name ?? '');
  const [description, setDescription] = useState(team?.description ?? '');
  const save = useMutation({
    mutationFn: () =>
      team
        ? unwrap(api.PATCH('/api/v1/teams/{id}', { params: { path: { id: team.id } }, body: { name, description } }))
        : unwrap(api.POST('/api/v1/teams', { body: { name, description } })),
    onSuccess: async (saved) => {
      toast(team ? `Team ${saved.name} saved.` : `Team ${saved.name} created.`);
      queryClient.setQueryData(['team', saved.id], saved);
      await queryClient.invalidateQueries({ queryKey: ['teams'] });
      onOpenChange(false);
      if (!team) navigate(`/teams/${saved.id}`);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        onOpenChange(next);
        if (!next) save.reset();
      }}
      title={team ? `Edit ${team.name}` : 'New team'}
    >
      <form className="form" onSubmit={submit}>
        <Field label="Team name" error={fieldError(save.error, 'name')}>
          {(props) => <input {...props} required maxLength={200} value={name} onChange={(event) => setName(event.target.value)} />}
        </Field>
        <Field label="Description" hint="Optional: what the team looks after." error={fieldError(save.error, 'description')}>
          {(props) => <textarea {...props} maxLength={2000} value={description} onChange={(event) => setDescription(event.target.value)} />}
        </Field>
        <FormError error={save.error} />
        <div className="form-actions">
          <button type="button" className="btn" onClick={() => onOpenChange(false)}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : team ? 'Save' : 'Create team'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
