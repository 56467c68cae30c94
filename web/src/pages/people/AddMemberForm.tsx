import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, unwrap } from '../../api/client';
import { Field, FormError } from '../../ui/form';
import { useToast } from '../../ui/toast';
import { type Team, type TeamRole, teamRoles, useUsers } from './people.queries';

/** Picks a user of the organisation who is not in the team yet, and their team role. */
export function AddMemberForm({ team }: { team: Team }) {
  const users = useUsers();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [userId, setUserId] = useState('');
  const [role, setRole] = useState<TeamRole>('member');
  const candidates = (users.data ?? []).filter((user) => !team.members.some((member) => member.id === user.id));
  const add = useMutation({
    mutationFn: () => unwrap(api.PUT('/api/v1/teams/{id}/members/{userId}', { params: { path: { id: team.id, userId } }, body: { role } })),
    onSuccess: async (saved) => {
      const added = saved.members.find((member) => member.id === userId);
      toast(`${added?.name ?? 'Member'} added to ${saved.name}.`);
      queryClient.setQueryData(['team', team.id], saved);
      await queryClient.invalidateQueries({ queryKey: ['teams'] });
      setUserId('');
      setRole('member');
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (userId) add.mutate();
  };
  return (
    <form className="stack" onSubmit={submit} aria-label="Add a member">
      <div className="inline-form">
        <Field label="Person" hint={users.data && candidates.length === 0 ? 'Everyone is in this team already.' : undefined}>
          {(props) => (
            <select {...props} required value={userId} onChange={(event) => setUserId(event.target.value)} disabled={users.isPending}>
              <option value="">Choose someone…</option>
              {candidates.map((user) => (
                <option key={user.id} value={user.id}>
                  {user.name} ({user.email})
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Team role">
          {(props) => (
            <select {...props} value={role} onChange={(event) => setRole(event.target.value as TeamRole)}>
              {teamRoles.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <button type="submit" className="btn btn-primary" disabled={add.isPending || !userId}>
          {add.isPending ? 'Adding…' : 'Add member'}
        </button>
      </div>
      <FormError error={add.error} />
    </form>
  );
}
