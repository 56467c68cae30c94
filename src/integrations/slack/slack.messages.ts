import type { WebClient } from '@slack/web-api';
import { WebAPIPlatformError } from '@slack/web-api';
import { and, eq } from 'drizzle-orm';
import type { Deps } from '../../app/deps.ts';
import { type IncidentCard, incidentMessage } from './slack.blocks.ts';
import { loadIncidentCard } from './slack.incident-card.ts';
import { slackMessages } from './slack.tables.ts';

type MessageKind = (typeof slackMessages.$inferSelect)['kind'];

/** Slack errors about one message that no retry can fix: the message or its channel is gone or closed. */
const GONE = new Set(['message_not_found', 'channel_not_found', 'is_archived', 'cant_update_message', 'edit_window_closed']);

export const platformError = (error: unknown): string | undefined => (error instanceof WebAPIPlatformError ? error.data.error : undefined);

/** How many times an update re-reads the incident when it changed while the messages were being updated. */
const MAX_ROUNDS = 3;

const rendered = (card: IncidentCard, intro?: string) => JSON.stringify(incidentMessage(card, intro).blocks);

/**
 * Posts the incident's message in a channel and records it, so that later state changes update it in place.
 * Then reads the incident again: if it changed while the message was on its way (acknowledged at once), the
 * message is brought up to date here, since the update job may have found no message to update.
 */
export async function postIncidentMessage(
  deps: Pick<Deps, 'store' | 'publicUrl' | 'clock'>,
  client: WebClient,
  input: { orgId: string; card: IncidentCard; channelId: string; kind: MessageKind; intro?: string },
): Promise<{ channelId: string; ts: string }> {
  const { card } = input;
  const message = incidentMessage(card, input.intro);
  const posted = await client.chat.postMessage({ channel: input.channelId, text: message.text, blocks: message.blocks, unfurl_links: false, unfurl_media: false });
  const ts = posted.ts;
  const channelId = posted.channel ?? input.channelId;
  if (!ts) throw new Error('Slack answered chat.postMessage without a message ts');
  await deps.store.write((tx) =>
    tx
      .insert(slackMessages)
      .values({ orgId: input.orgId, incidentId: card.id, channelId, ts, kind: input.kind, createdAt: deps.clock.now() })
      .onConflictDoNothing(),
  );
  const now = await loadIncidentCard(deps, input.orgId, card.id);
  if (now && rendered(now, input.intro) !== rendered(card, input.intro)) await updateOne(client, { channelId, ts }, now, input.kind === 'direct' ? input.intro : undefined);
  return { channelId, ts };
}

/** Whether a message of this kind was already posted for the incident in the channel (a retried job). */
export async function alreadyPosted(deps: Pick<Deps, 'store'>, orgId: string, incidentId: string, channelId: string, kind: MessageKind): Promise<boolean> {
  const [row] = await deps.store.db
    .select({ ts: slackMessages.ts })
    .from(slackMessages)
    .where(and(eq(slackMessages.orgId, orgId), eq(slackMessages.incidentId, incidentId), eq(slackMessages.channelId, channelId), eq(slackMessages.kind, kind)))
    .limit(1);
  return row !== undefined;
}

/** Direct messages say why the person got them. */
export const pageIntro = (card: Pick<IncidentCard, 'number'>) => `You are paged for incident #${card.number}.`;

async function updateOne(client: WebClient, message: { channelId: string; ts: string }, card: IncidentCard, intro?: string): Promise<'updated' | 'gone'> {
  const { text, blocks } = incidentMessage(card, intro);
  try {
    await client.chat.update({ channel: message.channelId, ts: message.ts, text, blocks });
    return 'updated';
  } catch (error) {
    if (GONE.has(platformError(error) ?? '')) return 'gone';
    throw error;
  }
}

/**
 * Brings every message of the incident up to date with chat.update. Reads the incident again afterwards and
 * goes round again if it changed meanwhile, so updates racing each other end on the latest state. Messages
 * deleted in Slack (or in archived channels) are forgotten.
 */
export async function updateIncidentMessages(deps: Pick<Deps, 'store' | 'publicUrl' | 'log'>, client: WebClient, orgId: string, incidentId: string): Promise<IncidentCard | undefined> {
  let card = await loadIncidentCard(deps, orgId, incidentId);
  for (let round = 0; card && round < MAX_ROUNDS; round += 1) {
    const messages = await deps.store.db
      .select()
      .from(slackMessages)
      .where(and(eq(slackMessages.orgId, orgId), eq(slackMessages.incidentId, incidentId)));
    for (const message of messages) {
      const outcome = await updateOne(client, message, card, message.kind === 'direct' ? pageIntro(card) : undefined);
      if (outcome === 'gone') {
        deps.log.info({ orgId, incidentId, channelId: message.channelId }, 'Slack message gone; no longer updated');
        await deps.store.write((tx) =>
          tx.delete(slackMessages).where(and(eq(slackMessages.incidentId, incidentId), eq(slackMessages.channelId, message.channelId), eq(slackMessages.ts, message.ts))),
        );
      }
    }
    const after = await loadIncidentCard(deps, orgId, incidentId);
    if (!after || JSON.stringify(after) === JSON.stringify(card)) return after;
    card = after;
  }
  return card;
}
