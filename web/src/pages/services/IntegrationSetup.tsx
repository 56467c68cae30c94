import { CopyButton, SecretValue, Snippet } from './copy';
import type { IntegrationView } from './services-api';

/** A ready command or configuration for the sending tool, where one fits the type. */
function snippetsOf(integration: IntegrationView): Array<{ title: string; text: string }> {
  const key = integration.integration_key;
  switch (integration.type) {
    case 'events_api_v2':
      return [
        {
          title: 'Send a test alert with curl',
          text: `curl -X POST ${integration.url} -H 'Content-Type: application/json' \\
  -d '{"routing_key":"${key}","event_action":"trigger","dedup_key":"disk-db-1",
       "payload":{"summary":"Disk 95% full on db-1","source":"db-1","severity":"critical"}}'`,
        },
      ];
    case 'alertmanager':
      return [
        {
          title: 'alertmanager.yml',
          text: `receivers:
  - name: vigil
    webhook_configs:
      - url: ${integration.url}
        send_resolved: true
route:
  receiver: vigil`,
        },
      ];
    case 'change_events':
      return [
        {
          title: 'Record a deploy with curl',
          text: `curl -X POST ${integration.url} -H 'Content-Type: application/json' \\
  -d '{"routing_key":"${key}","payload":{"summary":"Deployed api v1.2.3","source":"ci"}}'`,
        },
      ];
    case 'heartbeat':
      return [{ title: 'Ping from a cron job', text: `curl -fsS -m 10 --retry 3 ${integration.url} > /dev/null` }];
    default:
      return [];
  }
}

/** Where to point the sending tool: its URL and key, the server's instructions, and ready snippets. */
export function IntegrationSetup({ integration, revealKey = false }: { integration: IntegrationView; revealKey?: boolean }) {
  const email = integration.url.startsWith('mailto:');
  const address = email ? integration.url.slice('mailto:'.length) : integration.url;
  return (
    <div className="stack">
      <dl className="svc-facts">
        <dt>{email ? 'Address' : 'URL'}</dt>
        <dd>
          <code className="svc-url">{address}</code> <CopyButton text={address} label={email ? 'Copy the address' : 'Copy the URL'} />
        </dd>
        <dt>Integration key</dt>
        <dd>
          {revealKey ? (
            <>
              <code className="svc-key">{integration.integration_key}</code> <CopyButton text={integration.integration_key} label="Copy the integration key" />
            </>
          ) : (
            <SecretValue value={integration.integration_key} name="integration key" />
          )}
        </dd>
      </dl>
      <div>
        <strong className="svc-subheading">How to set it up</strong>
        <pre className="svc-instructions" tabIndex={0}>
          {integration.setup_instructions}
        </pre>
      </div>
      {snippetsOf(integration).map((snippet) => (
        <Snippet key={snippet.title} title={snippet.title} text={snippet.text} />
      ))}
    </div>
  );
}
