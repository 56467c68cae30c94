import { useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { Empty, QueryState } from '../../ui/feedback';
import { Section } from '../../ui/page';
import { Time } from '../../ui/time';
import { ConfirmButton } from '../settings/ConfirmButton';
import { type Invitation, useInvitations } from './people.queries';

/** Invitations not yet accepted (admins only): who, which role, until when; revoke stops the link. */
export function PendingInvitations() {
  const invitations = useInvitations();
  return (
    <Section title="Pending invitations">
      <QueryState query={invitations}>
        {(list) =>
          list.length === 0 ? (
            <Empty>No pending invitations.</Empty>
          ) : (
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">E-mail</th>
                    <th scope="col">Role</th>
                    <th scope="col" className="hide-narrow">
                      Invited
                    </th>
                    <th scope="col">Expires</th>
                    <th scope="col">
                      <span className="sr-only">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {list.map((invitation) => (
                    <InvitationRow key={invitation.id} invitation={invitation} />
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryState>
    </Section>
  );
}

function InvitationRow({ invitation }: { invitation: Invitation }) {
  const queryClient = useQueryClient();
  return (
    <tr>
      <td>
        {invitation.email}
        {invitation.name ? <span className="muted"> ({invitation.name})</span> : null}
      </td>
      <td>
        <span className="badge">{invitation.role}</span>
      </td>
      <td className="hide-narrow">
        <Time iso={invitation.created_at} />
      </td>
      <td>
        <Time iso={invitation.expires_at} />
      </td>
      <td className="cell-actions">
        <ConfirmButton
          label="Revoke"
          name={`Revoke the invitation for ${invitation.email}`}
          title={`Revoke the invitation for ${invitation.email}?`}
          message="Its link stops working at once. You can invite them again later."
          confirmLabel="Revoke invitation"
          done={`Invitation for ${invitation.email} revoked.`}
          onConfirm={async () => {
            await unwrap(api.DELETE('/api/v1/invitations/{id}', { params: { path: { id: invitation.id } } }));
            await queryClient.invalidateQueries({ queryKey: ['invitations'] });
          }}
        />
      </td>
    </tr>
  );
}
