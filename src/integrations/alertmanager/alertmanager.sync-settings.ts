import type { Deps } from '../../app/deps.ts';
import type { Cause } from '../../lib/cause.ts';
import { openSecrets } from '../../modules/services/integration-settings.ts';
import type { AlertmanagerEndpoint } from './alertmanager-api.ts';

/** The queue of Alertmanager API calls: each job silences, watches, or expires the silences of one incident. */
export const SILENCES_QUEUE = 'alertmanager-silences';

export interface IncidentJob {
  org_id: string;
  incident_id: string;
}

export interface IntegrationRow {
  id: string;
  settings: Record<string, unknown>;
  sealedSecrets: string | null;
}

export interface SyncSettings {
  endpoint: AlertmanagerEndpoint;
  /** Set to silence on acknowledge (an integration can stop silencing yet still expire what it silenced). */
  silencing: boolean;
  silenceHours: number;
  checkSeconds: number;
}

/** The integration's settings, read fresh from its row (a change is seen at once); undefined without a URL. */
export function syncSettings(deps: Deps, row: IntegrationRow): SyncSettings | undefined {
  const settings = { ...row.settings, ...openSecrets(deps.secrets, row.sealedSecrets, row.id) };
  const text = (field: string) => (typeof settings[field] === 'string' && settings[field] !== '' ? (settings[field] as string) : undefined);
  const number = (field: string, fallback: number) => (typeof settings[field] === 'number' ? (settings[field] as number) : fallback);
  const url = text('alertmanager_url');
  if (!url) return undefined;
  return {
    endpoint: { url, token: text('api_token'), username: text('api_username'), password: text('api_password') },
    silencing: settings['silence_on_acknowledge'] === true,
    silenceHours: number('silence_hours', 24),
    checkSeconds: number('silence_check_seconds', 60),
  };
}

/** The alert's labels as the webhook mapper stored them in its custom details. */
export function labelsOf(customDetails: unknown): Record<string, string> | undefined {
  if (typeof customDetails !== 'object' || customDetails === null) return undefined;
  const labels = (customDetails as { labels?: unknown }).labels;
  if (typeof labels !== 'object' || labels === null || Array.isArray(labels)) return undefined;
  const entries = Object.entries(labels).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== '');
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

/**
 * Asks for a look at the incident's silenced alerts in `seconds`. The key names the time slot, so a job run
 * twice (after a crash) schedules one look, not two.
 */
export async function scheduleWatch(deps: Deps, job: IncidentJob, seconds: number, cause?: Cause): Promise<void> {
  const slot = Math.floor(deps.clock.now().getTime() / (seconds * 1000)) + 1;
  await deps.queue.enqueue(SILENCES_QUEUE, { name: 'watch', data: { ...job }, delayMs: seconds * 1000, idempotencyKey: `watch:${job.incident_id}:${seconds}:${slot}`, ...(cause && { cause }) });
}
