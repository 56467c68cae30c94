import './settings.css';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import type { Answer } from '../../api/types';
import { Empty, QueryState } from '../../ui/feedback';
import { Page, Section } from '../../ui/page';
import { Time } from '../../ui/time';
import { ConfirmButton } from './ConfirmButton';
import { CreateApiKeyDialog } from './CreateApiKeyDialog';

type ApiKey = Answer<'/api/v1/api-keys', 'get'>['api_keys'][number];

/** The signed-in user's API keys: they act as the user, with the user's role. */
export function ApiKeysPage() {
  const keys = useQuery({ queryKey: ['api-keys'], queryFn: async () => (await unwrap(api.GET('/api/v1/api-keys'))).api_keys });
  const [creating, setCreating] = useState(false);
  return (
    <Page
      title="API keys"
      subtitle="Keys for scripts and tools: each acts as you, with your role. Send it as Authorization: Bearer <key>."
      actions={
        <button type="button" className="btn btn-primary" onClick={() => setCreating(true)}>
          Create API key
        </button>
      }
    >
      <Section title="Your keys">
        <QueryState query={keys}>{(list) => (list.length === 0 ? <Empty>No API keys yet.</Empty> : <KeysTable keys={list} />)}</QueryState>
      </Section>
      <CreateApiKeyDialog open={creating} onOpenChange={setCreating} />
    </Page>
  );
}

function KeysTable({ keys }: { keys: ApiKey[] }) {
  const queryClient = useQueryClient();
  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Key</th>
            <th scope="col" className="hide-narrow">
              Created
            </th>
            <th scope="col">Last used</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {keys.map((key) => (
            <tr key={key.id}>
              <td>{key.name}</td>
              <td className="mono">{key.prefix}…</td>
              <td className="hide-narrow">
                <Time iso={key.created_at} />
              </td>
              <td>{key.last_used_at ? <Time iso={key.last_used_at} /> : <span className="muted">never</span>}</td>
              <td className="cell-actions">
                {key.revoked_at ? (
                  <span className="badge state-bad">revoked</span>
                ) : (
                  <ConfirmButton
                    label="Revoke"
                    name={`Revoke ${key.name}`}
                    title={`Revoke ${key.name}?`}
                    message="Anything using this key gets 401 Unauthorized from now on. This cannot be undone."
                    confirmLabel="Revoke key"
                    done={`${key.name} revoked.`}
                    onConfirm={async () => {
                      await unwrap(api.DELETE('/api/v1/api-keys/{id}', { params: { path: { id: key.id } } }));
                      await queryClient.invalidateQueries({ queryKey: ['api-keys'] });
                    }}
                  />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
