import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, ApiError, unwrap } from '../../api/client';
import type { Answer } from '../../api/types';
import { ErrorNotice, Loading } from '../../ui/feedback';
import { Field, fieldError, FormError } from '../../ui/form';
import { Section } from '../../ui/page';
import { Time } from '../../ui/time';
import { useToast } from '../../ui/toast';
import { ConfirmButton } from './ConfirmButton';
import { CopyField } from './CopyField';

type Connection = Answer<'/api/v1/slack', 'get'>;

/** The Slack app's connection: its workspace and the URLs to paste into the app, or the form to connect it. */
export function SlackConnection() {
  const slack = useQuery({
    queryKey: ['slack'],
    // 404 means "not connected", an answer rather than a failure.
    queryFn: async () => {
      try {
        return await unwrap(api.GET('/api/v1/slack'));
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      }
    },
  });
  if (slack.error) return <ErrorNotice error={slack.error} />;
  if (slack.data === undefined) return <Loading />;
  return slack.data ? <Connected connection={slack.data} /> : <ConnectForm />;
}

function Connected({ connection }: { connection: Connection }) {
  const queryClient = useQueryClient();
  return (
    <Section
      title="Slack is connected"
      actions={
        <ConfirmButton
          label="Disconnect"
          className="btn btn-danger"
          title="Disconnect Slack?"
          message="Vigil stops posting to Slack and answering /vigil. Channel subscriptions are kept for a later connection."
          confirmLabel="Disconnect Slack"
          done="Slack disconnected."
          onConfirm={async () => {
            await unwrap(api.DELETE('/api/v1/slack'));
            queryClient.setQueryData(['slack'], null);
          }}
        />
      }
    >
      <div className="stack">
        <dl className="dl-grid">
          <dt>Workspace</dt>
          <dd>
            {connection.team_name} <span className="muted mono">({connection.team_id})</span>
          </dd>
          <dt>Bot user</dt>
          <dd className="mono">{connection.bot_user_id}</dd>
          <dt>Connected</dt>
          <dd>
            <Time iso={connection.connected_at} />
          </dd>
        </dl>
        <CopyField label="Interactivity request URL" value={connection.interactivity_url} hint="Slack app → Interactivity & Shortcuts → Request URL (the Acknowledge and Resolve buttons)." />
        <CopyField label="Slash command request URL" value={connection.commands_url} hint="Slack app → Slash Commands → /vigil → Request URL." />
      </div>
    </Section>
  );
}

function ConnectForm() {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [botToken, setBotToken] = useState('');
  const [signingSecret, setSigningSecret] = useState('');
  const connect = useMutation({
    mutationFn: () => unwrap(api.PUT('/api/v1/slack', { body: { bot_token: botToken, signing_secret: signingSecret } })),
    onSuccess: (connection) => {
      queryClient.setQueryData(['slack'], connection);
      toast(`Slack workspace ${connection.team_name} connected.`);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    connect.mutate();
  };
  return (
    <Section title="Connect Slack">
      <form className="form" onSubmit={submit}>
        <p className="muted">
          Create a Slack app for your workspace, install it, and paste its credentials here. Vigil checks the token with Slack and stores both encrypted. Then incidents post to the channels you pick per service, with
          Acknowledge and Resolve buttons.
        </p>
        <Field label="Bot token" hint="OAuth & Permissions → Bot User OAuth Token (xoxb-…)." error={fieldError(connect.error, 'bot_token')}>
          {(props) => <input {...props} type="password" required autoComplete="off" value={botToken} onChange={(event) => setBotToken(event.target.value)} />}
        </Field>
        <Field label="Signing secret" hint="Basic Information → App Credentials → Signing Secret." error={fieldError(connect.error, 'signing_secret')}>
          {(props) => <input {...props} type="password" required autoComplete="off" value={signingSecret} onChange={(event) => setSigningSecret(event.target.value)} />}
        </Field>
        <FormError error={connect.error} />
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={connect.isPending}>
            {connect.isPending ? 'Checking with Slack…' : 'Connect Slack'}
          </button>
        </div>
      </form>
    </Section>
  );
}
