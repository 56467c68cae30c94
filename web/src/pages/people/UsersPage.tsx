import '../settings/settings.css';
import { useState } from 'react';
import { useMe } from '../../app/session';
import { QueryState } from '../../ui/feedback';
import { Page, Section } from '../../ui/page';
import { AddUserDialog } from './AddUserDialog';
import { InviteDialog } from './InviteDialog';
import { PendingInvitations } from './PendingInvitations';
import { useUsers } from './people.queries';
import { UsersTable } from './UsersTable';

/** Everyone in the organisation; admins invite, add, change roles and remove. */
export function UsersPage() {
  const me = useMe();
  const users = useUsers();
  const isAdmin = me.data?.role === 'admin';
  const [inviting, setInviting] = useState(false);
  const [adding, setAdding] = useState(false);
  return (
    <Page
      title="People"
      subtitle="Everyone in your organisation and what they may do."
      actions={
        isAdmin ? (
          <>
            <button type="button" className="btn" onClick={() => setAdding(true)}>
              Add user directly
            </button>
            <button type="button" className="btn btn-primary" onClick={() => setInviting(true)}>
              Invite people
            </button>
          </>
        ) : null
      }
    >
      <Section title={users.data ? `Users (${users.data.length})` : 'Users'}>
        <QueryState query={users}>{(list) => <UsersTable users={list} meId={me.data?.id} isAdmin={isAdmin} />}</QueryState>
      </Section>
      {isAdmin ? <PendingInvitations /> : null}
      {isAdmin ? <InviteDialog open={inviting} onOpenChange={setInviting} /> : null}
      {isAdmin ? <AddUserDialog open={adding} onOpenChange={setAdding} /> : null}
    </Page>
  );
}
