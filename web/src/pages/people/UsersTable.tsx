import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, errorMessage, unwrap } from '../../api/client';
import type { User } from '../../api/types';
import { Empty } from '../../ui/feedback';
import { Time } from '../../ui/time';
import { useToast } from '../../ui/toast';
import { ConfirmButton } from '../settings/ConfirmButton';
import { type Role, roles } from './people.queries';

export function UsersTable({ users, meId, isAdmin }: { users: User[]; meId: string | undefined; isAdmin: boolean }) {
  if (users.length === 0) return <Empty>No users yet.</Empty>;
  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">E-mail</th>
            <th scope="col">Role</th>
            <th scope="col" className="hide-narrow">
              Joined
            </th>
            {isAdmin ? (
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <UserRow key={user.id} user={user} isMe={user.id === meId} isAdmin={isAdmin} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function UserRow({ user, isMe, isAdmin }: { user: User; isMe: boolean; isAdmin: boolean }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const changeRole = useMutation({
    mutationFn: (role: Role) => unwrap(api.PATCH('/api/v1/users/{id}', { params: { path: { id: user.id } }, body: { role } })),
    onSuccess: async (answer) => {
      toast(`${answer.user.name} is now ${answer.user.role}.`);
      await queryClient.invalidateQueries({ queryKey: ['users'] });
      if (isMe) await queryClient.invalidateQueries({ queryKey: ['me'] });
    },
    onError: (error) => toast(errorMessage(error), 'error'),
  });
  return (
    <tr>
      <td>
        {user.name} {isMe ? <span className="badge">you</span> : null}
      </td>
      <td>{user.email}</td>
      <td>
        {isAdmin ? (
          <select aria-label={`Role of ${user.name}`} value={user.role} disabled={changeRole.isPending} onChange={(event) => changeRole.mutate(event.target.value as Role)}>
            {roles.map((role) => (
              <option key={role.value} value={role.value}>
                {role.label}
              </option>
            ))}
          </select>
        ) : (
          <span className="badge">{user.role}</span>
        )}
      </td>
      <td className="hide-narrow">
        <Time iso={user.created_at} />
      </td>
      {isAdmin ? (
        <td className="cell-actions">
          {isMe ? null : (
            <RemoveUser user={user} />
          )}
        </td>
      ) : null}
    </tr>
  );
}

function RemoveUser({ user }: { user: User }) {
  const queryClient = useQueryClient();
  return (
    <ConfirmButton
      label="Remove"
      name={`Remove ${user.name}`}
      title={`Remove ${user.name}?`}
      message="Their sessions end, their API keys stop working, and they are taken off schedules and escalation policies. Incidents they handled keep their history."
      confirmLabel="Remove user"
      done={`${user.name} removed.`}
      onConfirm={async () => {
        await unwrap(api.DELETE('/api/v1/users/{id}', { params: { path: { id: user.id } } }));
        await queryClient.invalidateQueries({ queryKey: ['users'] });
      }}
    />
  );
}
