// Load generator of the `integrations:alertmanager` suite, run as its own process
// (`node --import tsx bench/alertmanager-load.ts '<json AlertmanagerLoadSpec>'`): wrk or autocannon posting Alertmanager
// webhook payloads (version 4) of `alertsPerRequest` alerts to POST /integrations/{key}. Prints `start` when the
// load begins, then one JSON line: a LoadResult (of requests; the suite multiplies by alerts per request).
import { measuredAutocannon } from './autocannon-run.ts';
import { measuredWrk } from './wrk-run.ts';

export interface AlertmanagerLoadSpec {
  url: string;
  integrationKey: string;
  connections: number;
  durationSeconds: number;
  alertsPerRequest: number;
  /** `unique`: new fingerprints in every request (each alert new); `repeat`: `groups` payloads sent round robin (re-notifications). */
  keys: 'unique' | 'repeat';
  groups: number;
  keyPrefix: string;
  generator: 'wrk' | 'autocannon';
}


/** A group notification as Alertmanager sends it: `id` makes the fingerprints (autocannon's [<id>] in unique mode). */
function webhookBody(id: string, alerts: number): string {
  const startsAt = '2026-11-20T13:08:45.828123456Z';
  return JSON.stringify({
    version: '4',
    groupKey: `{}:{alertname="HighErrorRate", cluster="eu-west-1"}/${id}`,
    truncatedAlerts: 0,
    status: 'firing',
    receiver: 'vigil',
    groupLabels: { alertname: 'HighErrorRate' },
    commonLabels: { alertname: 'HighErrorRate', cluster: 'eu-west-1', severity: 'critical', job: 'checkout-api' },
    commonAnnotations: { runbook_url: 'https://runbooks.example.com/high-error-rate' },
    externalURL: 'http://alertmanager.example.com:9093',
    alerts: Array.from({ length: alerts }, (_, index) => ({
      status: 'firing',
      labels: { alertname: 'HighErrorRate', cluster: 'eu-west-1', severity: 'critical', job: 'checkout-api', instance: `10.0.${Math.floor(index / 250)}.${index % 250}:8080`, pod: `checkout-api-${index}` },
      annotations: { summary: `Error rate above 5% on checkout-api pod ${index}`, description: 'HTTP 5xx ratio 7.3% over 5m (threshold 5%)', runbook_url: 'https://runbooks.example.com/high-error-rate' },
      startsAt,
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus.example.com:9090/graph?g0.expr=rate%28http_errors_total%5B5m%5D%29+%3E+0.05',
      fingerprint: `${id}-${index}`,
    })),
  });
}

async function main(): Promise<void> {
  const spec = JSON.parse(process.argv[2] ?? '{}') as AlertmanagerLoadSpec;
  const path = `/integrations/${spec.integrationKey}`;
  const headers = { 'content-type': 'application/json' };
  if (spec.generator === 'wrk') {
    const placeholder = 'VIGIL-KEY-PLACEHOLDER';
    const summary = await measuredWrk({
      url: spec.url,
      path,
      connections: spec.connections,
      durationSeconds: spec.durationSeconds,
      bodyParts: webhookBody(placeholder, spec.alertsPerRequest).split(placeholder),
      keyPrefix: spec.keyPrefix,
      repeatKeys: spec.keys === 'repeat' ? spec.groups : null,
    });
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    return;
  }
  const options: Record<string, unknown> = { url: `${spec.url}${path}`, connections: spec.connections, duration: spec.durationSeconds, method: 'POST', headers, timeout: 10 };
  if (spec.keys === 'unique') {
    options['body'] = webhookBody(`${spec.keyPrefix}-[<id>]`, spec.alertsPerRequest);
    options['idReplacement'] = true;
  } else {
    options['requests'] = Array.from({ length: spec.groups }, (_, group) => ({ method: 'POST', path, headers, body: webhookBody(`${spec.keyPrefix}-${group}`, spec.alertsPerRequest) }));
  }
  const summary = await measuredAutocannon(options);
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
