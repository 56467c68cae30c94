import { useState } from 'react';
import type { ReadyIntegration } from './FirstServiceStep';

/** The integration's URL and key with ready-to-paste commands and configuration for the sending tool. */
export function IntegrationSnippets({ integration }: { integration: ReadyIntegration }) {
  const origin = new URL(integration.url).origin;
  const curl = `curl -X POST ${origin}/v2/enqueue -H 'Content-Type: application/json' \\
  -d '{"routing_key":"${integration.key}","event_action":"trigger","dedup_key":"disk-db-1",
       "payload":{"summary":"Disk 95% full on db-1","source":"db-1","severity":"critical"}}'`;
  const alertmanager =
    integration.type === 'alertmanager'
      ? `receivers:
  - name: vigil
    webhook_configs:
      - url: ${integration.url}
        send_resolved: true`
      : `receivers:
  - name: vigil
    pagerduty_configs:
      - routing_key: ${integration.key}
        url: ${origin}/v2/enqueue`;
  return (
    <div className="stack">
      <dl className="setup-facts">
        <dt>Integration URL</dt>
        <dd>
          <code>{integration.url}</code> <CopyButton text={integration.url} label="Copy the URL" />
        </dd>
        <dt>Integration key</dt>
        <dd>
          <code>{integration.key}</code> <CopyButton text={integration.key} label="Copy the key" />
        </dd>
      </dl>
      {integration.type === 'events_api_v2' ? (
        <Snippet title="Send an alert with curl" text={curl} />
      ) : null}
      <Snippet title="Alertmanager (alertmanager.yml)" text={alertmanager} />
    </div>
  );
}

function Snippet({ title, text }: { title: string; text: string }) {
  return (
    <figure className="snippet">
      <figcaption className="row">
        <strong>{title}</strong> <CopyButton text={text} label={`Copy: ${title}`} />
      </figcaption>
      <pre>
        <code>{text}</code>
      </pre>
    </figure>
  );
}

function CopyButton({ text, label }: { text: string; label: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className="btn btn-small"
      aria-label={label}
      onClick={() => {
        void navigator.clipboard?.writeText(text).then(() => {
          setCopied(true);
          setTimeout(() => setCopied(false), 1500);
        });
      }}
    >
      {copied ? 'Copied' : 'Copy'}
    </button>
  );
}
