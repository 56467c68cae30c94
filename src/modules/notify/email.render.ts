import type { OutgoingNotification } from '../../ports/notification-channel.ts';
import { escapeHtml } from './html.ts';

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}

/** Longest title put in a subject line; the body has it whole. */
const SUBJECT_TITLE_MAX = 150;

/** One line, however the title came in: a line break in a subject would start a header of the sender's choosing. */
function oneLine(text: string): string {
  return text.replace(/[\r\n\t\u2028\u2029]+/g, ' ').trim();
}

export function emailSubject(message: Pick<OutgoingNotification, 'incident'>): string {
  const title = oneLine(message.incident.title);
  const short = title.length > SUBJECT_TITLE_MAX ? `${title.slice(0, SUBJECT_TITLE_MAX - 1)}…` : title;
  return `[Vigil] #${message.incident.number} ${short}`;
}

/** The page of an incident: its subject, a link to it, and one-click acknowledge and resolve links. */
export function renderIncidentEmail(message: OutgoingNotification): RenderedMail {
  const { incident, recipient, actions } = message;
  const facts: Array<[string, string]> = [
    ['Service', incident.serviceName],
    ['Urgency', incident.urgency],
    ['Status', incident.status],
  ];
  const text = [
    `${recipient.name}, incident #${incident.number} needs you.`,
    '',
    oneLine(incident.title),
    '',
    ...facts.map(([name, value]) => `${name}: ${value}`),
    '',
    `Open the incident: ${incident.url}`,
    '',
    `Acknowledge: ${actions.acknowledge}`,
    `Resolve: ${actions.resolve}`,
    '',
    'The acknowledge and resolve links act as you for 24 hours: do not forward this mail.',
    '',
  ].join('\n');

  const button = (href: string, label: string, colour: string) =>
    `<a href="${escapeHtml(href)}" style="display:inline-block;padding:10px 18px;margin:0 8px 8px 0;border-radius:6px;background:${colour};color:#ffffff;text-decoration:none;font-weight:600">${label}</a>`;
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(emailSubject(message))}</title></head>
<body style="margin:0;padding:24px;background:#f4f5f7;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;color:#172b4d">
<div style="max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px;padding:24px">
<p style="margin:0 0 8px;color:#5e6c84">${escapeHtml(recipient.name)}, incident #${incident.number} needs you.</p>
<h1 style="margin:0 0 16px;font-size:20px">${escapeHtml(oneLine(incident.title))}</h1>
<table style="border-collapse:collapse;margin:0 0 16px">${facts
    .map(([name, value]) => `<tr><td style="padding:2px 16px 2px 0;color:#5e6c84">${name}</td><td style="padding:2px 0">${escapeHtml(value)}</td></tr>`)
    .join('')}</table>
<p style="margin:0 0 16px">${button(actions.acknowledge, 'Acknowledge', '#0052cc')}${button(actions.resolve, 'Resolve', '#00875a')}</p>
<p style="margin:0 0 16px"><a href="${escapeHtml(incident.url)}" style="color:#0052cc">Open incident #${incident.number} in Vigil</a></p>
<p style="margin:0;font-size:12px;color:#5e6c84">The acknowledge and resolve links act as you for 24 hours: do not forward this mail.</p>
</div></body></html>
`;
  return {
    subject: emailSubject(message),
    text,
    html,
    headers: {
      'Auto-Submitted': 'auto-generated',
      'X-Auto-Response-Suppress': 'All',
      'X-Vigil-Incident-Id': incident.id,
      'X-Vigil-Notification-Id': message.notificationId,
    },
  };
}
