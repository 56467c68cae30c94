import type { Button, KnownBlock, MrkdwnElement } from '@slack/types';

/** What a Slack message about an incident shows; loaded fresh each time a message is posted or updated. */
export interface IncidentCard {
  id: string;
  number: number;
  title: string;
  status: 'triggered' | 'acknowledged' | 'resolved';
  severity: 'critical' | 'error' | 'warning' | 'info';
  urgency: 'high' | 'low';
  serviceName: string;
  /** The incident in Vigil's dashboard. */
  url: string;
  /** Who acknowledged (or resolved) it, as the timeline says: a person's name, or the integration. */
  acknowledgedBy: string | null;
  resolvedBy: string | null;
  assignees: string[];
  /** The incident's own Slack channel, once created. */
  incidentChannelId: string | null;
}

/** Action ids of the buttons; the interactivity endpoint dispatches on them. */
export const ACKNOWLEDGE_ACTION = 'vigil_acknowledge';
export const RESOLVE_ACTION = 'vigil_resolve';

const statusIcon = { triggered: ':red_circle:', acknowledged: ':large_yellow_circle:', resolved: ':white_check_mark:' } as const;
const statusLabel = { triggered: 'Triggered', acknowledged: 'Acknowledged', resolved: 'Resolved' } as const;
const severityLabel = { critical: 'Critical', error: 'Error', warning: 'Warning', info: 'Info' } as const;

/** Slack's mrkdwn treats &, < and > as control characters; everything else is shown as is. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

const mrkdwn = (text: string): MrkdwnElement => ({ type: 'mrkdwn', text });

/**
 * The message for an incident: title linking to Vigil, number, severity, status, service, who is on it, and
 * Acknowledge / Resolve buttons while they apply (none once resolved). `text` is the notification fallback.
 */
export function incidentMessage(card: IncidentCard, intro?: string): { text: string; blocks: KnownBlock[] } {
  const title = escapeMrkdwn(clip(card.title.replace(/[\r\n]+/g, ' '), 200));
  const heading = `${statusIcon[card.status]} *<${card.url}|#${card.number}: ${title}>*`;
  const fields = [
    mrkdwn(`*Status*\n${statusLabel[card.status]}`),
    mrkdwn(`*Severity*\n${severityLabel[card.severity]}${card.urgency === 'low' ? ' (low urgency)' : ''}`),
    mrkdwn(`*Service*\n${escapeMrkdwn(clip(card.serviceName, 150))}`),
  ];
  if (card.assignees.length > 0) fields.push(mrkdwn(`*Assigned to*\n${escapeMrkdwn(clip(card.assignees.join(', '), 300))}`));
  if (card.incidentChannelId) fields.push(mrkdwn(`*Channel*\n<#${card.incidentChannelId}>`));
  const blocks: KnownBlock[] = [];
  if (intro) blocks.push({ type: 'section', text: mrkdwn(escapeMrkdwn(intro)) });
  blocks.push({ type: 'section', text: mrkdwn(heading) }, { type: 'section', fields });
  const who = card.status === 'resolved' && card.resolvedBy ? `Resolved by ${card.resolvedBy}` : card.acknowledgedBy && card.status !== 'triggered' ? `Acknowledged by ${card.acknowledgedBy}` : null;
  if (who) blocks.push({ type: 'context', elements: [mrkdwn(escapeMrkdwn(clip(who, 300)))] });
  const buttons: Button[] = [];
  if (card.status === 'triggered') buttons.push({ type: 'button', action_id: ACKNOWLEDGE_ACTION, text: { type: 'plain_text', text: 'Acknowledge' }, style: 'primary', value: card.id });
  if (card.status !== 'resolved') buttons.push({ type: 'button', action_id: RESOLVE_ACTION, text: { type: 'plain_text', text: 'Resolve' }, value: card.id });
  if (buttons.length > 0) blocks.push({ type: 'actions', block_id: 'vigil_incident_actions', elements: buttons });
  const text = `${statusLabel[card.status]}: #${card.number} ${clip(card.title, 200)} (${card.serviceName})`;
  return { text: intro ? `${intro} ${text}` : text, blocks };
}

/** `inc-<number>-<slug of the title>`: Slack's rules for channel names (lowercase, digits, - and _, ≤ 80). */
export function incidentChannelName(number: number, title: string, suffix = ''): string {
  const prefix = `inc-${number}`;
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-_]+|[-_]+$/g, '');
  const room = 80 - prefix.length - suffix.length - 1;
  const cut = slug.slice(0, room).replace(/[-_]+$/, '');
  return cut ? `${prefix}-${cut}${suffix}` : `${prefix}${suffix}`;
}
