import { eq, isNotNull } from 'drizzle-orm';
import type { SecretBox } from '../lib/secret-box.ts';
import { integrations } from '../modules/services/services.tables.ts';
import type { Store, Transaction } from '../ports/store.ts';
import { botTokenContext, signingSecretContext } from './slack/slack.client.ts';
import { slackConnections } from './slack/slack.tables.ts';
import { webhookSubscriptions } from './webhooks/webhooks.tables.ts';

/** One sealed value: where it is, and the context it was sealed for. */
interface Sealed {
  sealed: string;
  context: string;
  write(tx: Transaction, resealed: string): Promise<unknown>;
}

/**
 * Every credential the store holds, sealed again under the current key (VIGIL_SECRET_KEY) if a previous key
 * sealed it: the last step of a key rotation, after which VIGIL_SECRET_KEY_PREVIOUS can be unset. Idempotent;
 * one transaction, so a failure leaves everything as it was.
 */
export async function resealSecrets(store: Store, box: SecretBox): Promise<{ checked: number; resealed: number }> {
  return store.write(async (tx) => {
    const values: Sealed[] = [];
    for (const row of await tx.select({ id: integrations.id, sealed: integrations.sealedSecrets }).from(integrations).where(isNotNull(integrations.sealedSecrets)).for('update')) {
      values.push({ sealed: row.sealed!, context: row.id, write: (t, resealed) => t.update(integrations).set({ sealedSecrets: resealed }).where(eq(integrations.id, row.id)) });
    }
    for (const row of await tx.select().from(webhookSubscriptions).for('update')) {
      values.push({ sealed: row.sealedSecret, context: row.id, write: (t, resealed) => t.update(webhookSubscriptions).set({ sealedSecret: resealed }).where(eq(webhookSubscriptions.id, row.id)) });
      if (row.sealedPreviousSecret) {
        values.push({ sealed: row.sealedPreviousSecret, context: row.id, write: (t, resealed) => t.update(webhookSubscriptions).set({ sealedPreviousSecret: resealed }).where(eq(webhookSubscriptions.id, row.id)) });
      }
    }
    for (const row of await tx.select().from(slackConnections).for('update')) {
      values.push({ sealed: row.sealedBotToken, context: botTokenContext(row.orgId), write: (t, resealed) => t.update(slackConnections).set({ sealedBotToken: resealed }).where(eq(slackConnections.orgId, row.orgId)) });
      values.push({ sealed: row.sealedSigningSecret, context: signingSecretContext(row.orgId), write: (t, resealed) => t.update(slackConnections).set({ sealedSigningSecret: resealed }).where(eq(slackConnections.orgId, row.orgId)) });
    }
    let resealed = 0;
    for (const value of values) {
      if (box.sealedWithCurrentKey(value.sealed, value.context)) continue;
      await value.write(tx, box.seal(box.open(value.sealed, value.context), value.context));
      resealed += 1;
    }
    return { checked: values.length, resealed };
  });
}
