import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { Empty, QueryState } from '../../ui/feedback';
import { Section } from '../../ui/page';
import { AddContactMethodForm } from './AddContactMethodForm';
import { ConfirmButton } from './ConfirmButton';
import { EditContactMethodDialog } from './EditContactMethodDialog';
import { type ContactMethod, contactTypeLabel, useContactMethods } from './profile.queries';

/** Where Vigil can reach the user; the notification rules below pick among these. */
export function ContactMethods({ userId }: { userId: string }) {
  const methods = useContactMethods(userId);
  return (
    <Section title="Contact methods">
      <div className="stack">
        <QueryState query={methods}>
          {(list) =>
            list.length === 0 ? (
              <Empty>No contact methods: Vigil cannot reach you. Add one below.</Empty>
            ) : (
              <div className="table-wrap">
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col">Type</th>
                      <th scope="col">Label</th>
                      <th scope="col">Address</th>
                      <th scope="col">
                        <span className="sr-only">Actions</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {list.map((method) => (
                      <ContactMethodRow key={method.id} method={method} />
                    ))}
                  </tbody>
                </table>
              </div>
            )
          }
        </QueryState>
        <AddContactMethodForm userId={userId} />
      </div>
    </Section>
  );
}

function ContactMethodRow({ method }: { method: ContactMethod }) {
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  return (
    <tr>
      <td>{contactTypeLabel(method.type)}</td>
      <td>{method.label}</td>
      <td className="mono">{method.address}</td>
      <td>
        <div className="table-actions">
          <button type="button" className="btn btn-small" aria-label={`Edit ${method.label}`} onClick={() => setEditing(true)}>
            Edit
          </button>
          <ConfirmButton
            label="Delete"
            name={`Delete ${method.label}`}
            title={`Delete ${method.label}?`}
            message="The notification rules that use it are deleted with it."
            confirmLabel="Delete contact method"
            done={`${method.label} deleted.`}
            onConfirm={async () => {
              await unwrap(api.DELETE('/api/v1/users/{userId}/contact-methods/{id}', { params: { path: { userId: method.user_id, id: method.id } } }));
              await Promise.all([
                queryClient.invalidateQueries({ queryKey: ['contact-methods', method.user_id] }),
                queryClient.invalidateQueries({ queryKey: ['notification-rules', method.user_id] }),
              ]);
            }}
          />
        </div>
        {editing ? <EditContactMethodDialog method={method} onClose={() => setEditing(false)} /> : null}
      </td>
    </tr>
  );
}
