import type { IntegrationKind } from './integration-kind.ts';
import { heartbeatKind } from './heartbeat/heartbeat.kind.ts';
import { emailKind } from './email/email.kind.ts';
import { changeEventsKind, eventsApiV2Kind } from './pagerduty/pagerduty.kind.ts';
import { alertmanagerKind } from './alertmanager/alertmanager.kind.ts';
import { githubKind } from './github/github.kind.ts';
import { grafanaKind } from './grafana/grafana.kind.ts';
import { datadogKind } from './datadog/datadog.kind.ts';
import { genericWebhookKind } from './generic-webhook/generic-webhook.kind.ts';
import { opsgenieKind } from './opsgenie/opsgenie.kind.ts';

/** Every integration type this build can create, by its `type`. */
const kinds: IntegrationKind[] = [eventsApiV2Kind, changeEventsKind, alertmanagerKind, githubKind, heartbeatKind, emailKind, grafanaKind, datadogKind, genericWebhookKind, opsgenieKind];

export const integrationKinds: ReadonlyMap<string, IntegrationKind> = new Map(kinds.map((kind) => [kind.type, kind]));

export function integrationKind(type: string): IntegrationKind | undefined {
  return integrationKinds.get(type);
}
