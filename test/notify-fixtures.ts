import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { contactMethods, notifications } from '../src/modules/notify/notify.tables.ts';
import type { Job } from '../src/ports/job-queue.ts';
import { enqueue, newIntegration, request, triggerEvent } from './factories.ts';
import type { TestVigil } from './harness.ts';

/** The caller's user id. */
export async function userIdOf(t: TestVigil, token: string): Promise<string> {
  const me = await request(t, 'GET', '/api/v1/me', { token });
  return me.body.user.id as string;
}

/** Opens an incident the way alerts do: an event through /v2/enqueue, folded. */
export async function triggeredIncident(t: TestVigil, token: string, summary = `disk full ${randomUUID().slice(0, 8)}`) {
  const { routingKey } = await newIntegration(t, token);
  const sent = await enqueue(t, triggerEvent(routingKey, summary, { payload: { summary, source: 'db-1', severity: 'critical' } }));
  if (sent.status !== 202) throw new Error(`enqueue answered ${sent.status}`);
  await t.settle();
  const list = await request(t, 'GET', '/api/v1/incidents?status=triggered&limit=100', { token });
  const incident = list.body.incidents.find((i: { title: string }) => i.title === summary);
  if (!incident) throw new Error('the event opened no incident');
  return incident as { id: string; number: number; title: string; service_id: string };
}

/**
 * A scheduled notification of the user's first e-mail contact method, as the escalation engine writes it.
 * Marked queued, so the engine's sweep for stranded notifications leaves it to the test.
 */
export async function scheduleNotification(t: TestVigil, input: { orgId: string; incidentId: string; userId: string; address?: string }) {
  const { store, clock } = t.vigil.deps;
  const [method] = await store.db
    .select()
    .from(contactMethods)
    .where(and(eq(contactMethods.orgId, input.orgId), eq(contactMethods.userId, input.userId), eq(contactMethods.type, 'email')));
  if (!method) throw new Error('the user has no e-mail contact method');
  const now = clock.now();
  const id = randomUUID();
  await store.write((tx) =>
    tx.insert(notifications).values({
      id,
      orgId: input.orgId,
      incidentId: input.incidentId,
      userId: input.userId,
      contactMethodId: method.id,
      channel: 'email',
      address: input.address ?? method.address,
      level: 0,
      loop: 0,
      dueAt: now,
      status: 'scheduled',
      queuedAt: now,
      createdAt: now,
    }),
  );
  return id;
}

/** The job the escalation engine queues for a notification, at the given attempt. */
export function deliverJob(orgId: string, notificationId: string, attempt = 1, maxAttempts = 5): Job {
  return {
    id: String(Math.floor(Math.random() * 1e9)),
    queue: 'notifications',
    name: 'deliver',
    data: { org_id: orgId, notification_id: notificationId },
    attempt,
    maxAttempts,
    idempotencyKey: `notification:${notificationId}`,
  };
}

export async function notificationRow(t: TestVigil, id: string) {
  const [row] = await t.vigil.deps.store.db.select().from(notifications).where(eq(notifications.id, id));
  return row!;
}

/** The path of an absolute action link, for inject. */
export const pathOf = (url: string) => new URL(url).pathname;
