import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { Webhooks } from '@octokit/webhooks';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Deps } from '../../app/deps.ts';
import { AppError, invalid } from '../../http/errors.ts';
import { parseJsonBody } from '../../http/json-body.ts';
import { changes } from '../../modules/changes/changes.tables.ts';
import type { KnownIntegration } from '../../modules/services/integration-directory.ts';
import type { InboundOutcome, InboundRequest, IntegrationKind } from '../integration-kind.ts';
import { changeEventNames, mapGitHubEvent } from './github.mapper.ts';

const branchName = z
  .string()
  .trim()
  .min(1)
  .max(255)
  .refine((name) => !/[\s~^:?[\\]|\p{Cc}/u.test(name), 'must be a branch name or a pattern with * and ** (no spaces, ~, ^, :, ?, [ or \\)');

const githubSettings = z.strictObject({
  webhook_secret: z.string().min(16, 'must be at least 16 characters long (a random secret, as GitHub recommends)').max(256),
  branches: z
    .array(branchName)
    .min(1, 'must name at least one branch; leave it out to count the default branch only')
    .max(50)
    .optional()
    .describe('Branches whose pushes, merged pull requests and workflow runs count; the default branch when left out'),
});

const DELIVERY_ID = /^[\w.:-]{1,100}$/;

/**
 * GitHub repository or organisation webhooks: pushes to the counted branches, merged pull requests, finished
 * deployments, published releases and completed workflow runs become change events on the service.
 */
export const githubKind: IntegrationKind = {
  type: 'github',
  label: 'GitHub',
  endpoint: ({ publicUrl, key }) => `${publicUrl}/integrations/${key}`,
  setupInstructions: ({ endpoint, settings }) => {
    const branches = Array.isArray(settings['branches']) ? (settings['branches'] as string[]).join(', ') : "the repository's default branch";
    return (
      `In GitHub, open the repository's (or organisation's) Settings → Webhooks → Add webhook. Payload URL: ${endpoint}. ` +
      'Content type: application/json. Secret: the webhook_secret shown once when this integration was created (or the one you set). ' +
      'SSL verification: enabled. Events: "Let me select individual events" → Pushes, Pull requests, Deployment statuses, Releases and Workflow runs. ' +
      `Pushes, merged pull requests and workflow runs count on ${branches}. GitHub's ping is answered "pong".`
    );
  },
  settings: githubSettings,
  secretFields: ['webhook_secret'],
  generateSecrets: () => ({ webhook_secret: randomBytes(32).toString('base64url') }),
  receive: receiveGitHub,
};

async function receiveGitHub(request: InboundRequest, integration: KnownIntegration, deps: Deps): Promise<InboundOutcome> {
  await checkSignature(request, integration);
  const eventName = header(request.headers, 'x-github-event');
  if (!eventName) throw invalid('X-GitHub-Event', 'is required: GitHub names the event in this header');
  if (eventName === 'ping') return { events: [], status: 200, body: { status: 'success', message: 'pong', events: 0 } };
  const deliveryId = header(request.headers, 'x-github-delivery');
  if (!deliveryId || !DELIVERY_ID.test(deliveryId)) throw invalid('X-GitHub-Delivery', 'is required: the delivery id GitHub sends (up to 100 letters, digits, -, _, ., :)');
  if (!(changeEventNames as readonly string[]).includes(eventName)) return ignored(`GitHub "${eventName}" events are not recorded; Vigil records ${changeEventNames.join(', ')}`);

  const [known] = await deps.store.db
    .select({ id: changes.id })
    .from(changes)
    .where(and(eq(changes.integrationId, integration.id), eq(changes.dedupKey, deliveryId)))
    .limit(1);
  if (known) return ignored(`Duplicate delivery ${deliveryId}: its change is already recorded`);

  const mapping = mapGitHubEvent(eventName, deliveryId, payloadOf(request), { branches: branchesOf(integration.settings) });
  if ('ignored' in mapping) return ignored(`Ignored: ${mapping.ignored}`);
  return { events: [mapping.event] };
}

/** GitHub must not see a failure for what Vigil merely does not record: a 2xx with nothing stored. */
function ignored(message: string): InboundOutcome {
  return { events: [], status: 202, body: { status: 'success', message, events: 0 } };
}

/** `X-Hub-Signature-256`: HMAC-SHA256 of the body as received, with the integration's webhook secret. */
async function checkSignature(request: InboundRequest, integration: KnownIntegration): Promise<void> {
  const signature = header(request.headers, 'x-hub-signature-256');
  if (!signature) {
    throw new AppError('unauthorized', 'X-Hub-Signature-256 is missing: set the webhook secret in GitHub to the one of this integration.', [
      { field: 'X-Hub-Signature-256', message: 'is required' },
    ]);
  }
  const secret = integration.settings['webhook_secret'];
  let valid = false;
  if (typeof secret === 'string' && secret.length > 0 && request.rawBody.length > 0) {
    // GitHub signs the bytes it sends; a body that is not UTF-8 cannot match once decoded, and is refused.
    valid = await new Webhooks({ secret }).verify(request.rawBody.toString('utf8'), signature).catch(() => false);
  }
  if (!valid) {
    throw new AppError('unauthorized', "X-Hub-Signature-256 does not match the body: the webhook's secret in GitHub differs from this integration's.", [
      { field: 'X-Hub-Signature-256', message: 'does not match' },
    ]);
  }
}

/** The payload: JSON as is, or the `payload` field of a form-encoded body (content type application/x-www-form-urlencoded). */
function payloadOf(request: InboundRequest): unknown {
  const contentType = (header(request.headers, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (contentType === 'application/x-www-form-urlencoded') {
    const form = request.body as Record<string, string | undefined> | undefined;
    const payload = form?.['payload'];
    if (!payload) throw invalid('payload', 'is required: a form-encoded GitHub webhook carries its JSON in the payload field');
    return parseJsonBody(Buffer.from(payload, 'utf8'));
  }
  if (contentType !== 'application/json' && !/^application\/[\w.+-]*\+json$/.test(contentType)) {
    throw new AppError('unsupported_media_type', 'Send GitHub webhooks as application/json (or application/x-www-form-urlencoded).', [
      { field: 'Content-Type', message: `is ${contentType || 'missing'}` },
    ]);
  }
  if (request.body === undefined) throw invalid('body', 'is required: the JSON payload of the GitHub event');
  return request.body;
}

function branchesOf(settings: Record<string, unknown>): string[] | undefined {
  const branches = settings['branches'];
  return Array.isArray(branches) && branches.every((b) => typeof b === 'string') ? branches : undefined;
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}
