import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, errorMessage, unwrap } from '../../api/client';
import { Empty } from '../../ui/feedback';
import { useToast } from '../../ui/toast';
import { ConfirmButton } from '../settings/ConfirmButton';
import { type Team, type TeamRole, teamRoles } from './people.queries';

type Member = Team['members'][number];

export function TeamMembers({ team, mayChange, meId }: { team: Team; mayChange: boolean; meId: string | undefined }) {
  if (team.members.length === 0) return <Empty>No members yet.</Empty>;
  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col" className="hide-narrow">
              E-mail
            </th>
            <th scope="col">Team role</th>
            {mayChange ? (
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {team.members.map((member) => (
            <MemberRow key={member.id} team={team} member={member} mayChange={mayChange} isMe={member.id === meId} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function MemberRow({ team, member, mayChange, isMe }: { team: Team; member: Member; mayChange: boolean; isMe: boolean }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const changeRole = useMutation({
    mutationFn: (role: TeamRole) => unwrap(api.PUT('/api/v1/teams/{id}/members/{userId}', { params: { path: { id: team.id, userId: member.id } }, body: { role } })),
    onSuccess: async (saved, role) => {
      toast(`${member.name} is now a ${role} of ${saved.name}.`);
      queryClient.setQueryData(['team', team.id], saved);
      await queryClient.invalidateQueries({ queryKey: ['teams'] });
    },
    onError: (error) => toast(errorMessage(error), 'error'),
  });
  return (
    <tr>
      <td>
        {member.name} {isMe ? <span className="badge">you</span> : null}
      </td>
      <td className="hide-narrow">{member.email}</td>
      <td>
        {mayChange ? (
          <select aria-label={`Team role of ${member.name}`} value={member.role} disabled={changeRole.isPending} onChange={(event) => changeRole.mutate(event.target.value as TeamRole)}>
            {teamRoles.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        ) : (
          <span className="badge">{member.role}</span>
        )}
      </td>
      {mayChange ? (
        <td className="cell-actions">
          <ConfirmButton
            label="Remove"
            name={`Remove ${member.name} from the team`}
            title={`Remove ${member.name} from ${team.name}?`}
            message="They stay in the organisation; only their team membership ends."
            confirmLabel="Remove from team"
            done={`${member.name} removed from ${team.name}.`}
            onConfirm={async () => {
              await unwrap(api.DELETE('/api/v1/teams/{id}/members/{userId}', { params: { path: { id: team.id, userId: member.id } } }));
              await Promise.all([queryClient.invalidateQueries({ queryKey: ['team', team.id] }), queryClient.invalidateQueries({ queryKey: ['teams'] })]);
            }}
          />
        </td>
      ) : null}
    </tr>
  );
}
