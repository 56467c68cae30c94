import '../settings/settings.css';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { useMe } from '../../app/session';
import { QueryState } from '../../ui/feedback';
import { Page, Section } from '../../ui/page';
import { ConfirmButton } from '../settings/ConfirmButton';
import { AddMemberForm } from './AddMemberForm';
import { TeamFormDialog } from './TeamFormDialog';
import { TeamMembers } from './TeamMembers';
import { type Team, useTeam } from './people.queries';

export function TeamPage() {
  const { id = '' } = useParams();
  const team = useTeam(id);
  return (
    <QueryState query={team}>
      {(data) => <TeamView team={data} />}
    </QueryState>
  );
}

function TeamView({ team }: { team: Team }) {
  const me = useMe();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const isAdmin = me.data?.role === 'admin';
  const mayChange = isAdmin || team.members.some((member) => member.id === me.data?.id && member.role === 'manager');
  return (
    <Page
      title={team.name}
      subtitle={team.description || <Link to="/teams">All teams</Link>}
      actions={
        <>
          {mayChange ? (
            <button type="button" className="btn" onClick={() => setEditing(true)}>
              Edit
            </button>
          ) : null}
          {isAdmin ? (
            <ConfirmButton
              label="Delete team"
              className="btn btn-danger"
              title={`Delete ${team.name}?`}
              message="Its members stay in the organisation, and its services keep running without a team."
              confirmLabel="Delete team"
              done={`Team ${team.name} deleted.`}
              onConfirm={async () => {
                await unwrap(api.DELETE('/api/v1/teams/{id}', { params: { path: { id: team.id } } }));
                queryClient.removeQueries({ queryKey: ['team', team.id] });
                await queryClient.invalidateQueries({ queryKey: ['teams'] });
                navigate('/teams');
              }}
            />
          ) : null}
        </>
      }
    >
      <Section title={`Members (${team.members.length})`}>
        <div className="stack">
          {mayChange ? <AddMemberForm team={team} /> : null}
          <TeamMembers team={team} mayChange={mayChange} meId={me.data?.id} />
        </div>
      </Section>
      {mayChange ? <TeamFormDialog key={team.updated_at} open={editing} onOpenChange={setEditing} team={team} /> : null}
    </Page>
  );
}
