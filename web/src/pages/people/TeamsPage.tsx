import '../settings/settings.css';
import { useState } from 'react';
import { Link } from 'react-router';
import { useMe } from '../../app/session';
import { Empty, QueryState } from '../../ui/feedback';
import { Page, Section } from '../../ui/page';
import { TeamFormDialog } from './TeamFormDialog';
import { type Team, useTeams } from './people.queries';

/** Teams of the organisation; admins create them. */
export function TeamsPage() {
  const me = useMe();
  const teams = useTeams();
  const [creating, setCreating] = useState(false);
  const isAdmin = me.data?.role === 'admin';
  return (
    <Page
      title="Teams"
      subtitle="Groups of people who own services together. Managers change their team's members."
      actions={
        isAdmin ? (
          <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
            New team
          </button>
        ) : null
      }
    >
      <Section title="All teams">
        <QueryState query={teams}>{(list) => (list.length === 0 ? <Empty>No teams yet.{isAdmin ? ' Create one to group people who own services together.' : ''}</Empty> : <TeamsTable teams={list} />)}</QueryState>
      </Section>
      {isAdmin ? <TeamFormDialog open={creating} onOpenChange={setCreating} /> : null}
    </Page>
  );
}

function TeamsTable({ teams }: { teams: Team[] }) {
  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Team</th>
            <th scope="col" className="hide-narrow">
              Description
            </th>
            <th scope="col">Members</th>
            <th scope="col">Managers</th>
          </tr>
        </thead>
        <tbody>
          {teams.map((team) => {
            const managers = team.members.filter((member) => member.role === 'manager');
            return (
              <tr key={team.id}>
                <td>
                  <Link to={`/teams/${team.id}`}>{team.name}</Link>
                </td>
                <td className="hide-narrow muted">{team.description || '—'}</td>
                <td>{team.members.length}</td>
                <td>{managers.length ? managers.map((member) => member.name).join(', ') : <span className="muted">none</span>}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
