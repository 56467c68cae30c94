import type { LinkAction } from './action-links.ts';
import { escapeHtml } from './html.ts';

export interface PageIncident {
  number: number;
  title: string;
  status: string;
  serviceName: string;
  url: string;
}

const verbs: Record<LinkAction, { infinitive: string; past: string; colour: string }> = {
  acknowledge: { infinitive: 'Acknowledge', past: 'acknowledged', colour: '#0052cc' },
  resolve: { infinitive: 'Resolve', past: 'resolved', colour: '#00875a' },
};

/** A whole page with its style inline: no script, no font, no image, nothing fetched from anywhere. */
function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex">
<title>${escapeHtml(title)} · Vigil</title>
<style>
body{margin:0;padding:32px 16px;background:#f4f5f7;font-family:-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#172b4d}
main{max-width:520px;margin:0 auto;background:#fff;border-radius:8px;padding:24px;box-shadow:0 1px 2px rgba(9,30,66,.2)}
h1{font-size:20px;margin:0 0 12px}p{line-height:1.5;margin:0 0 12px}.muted{color:#5e6c84;font-size:14px}
table{border-collapse:collapse;margin:0 0 16px}td{padding:2px 16px 2px 0}td:first-child{color:#5e6c84}
button{font:inherit;font-weight:600;color:#fff;border:0;border-radius:6px;padding:10px 18px;cursor:pointer}
a{color:#0052cc}
</style></head>
<body><main>${body}</main></body></html>
`;
}

function incidentFacts(incident: PageIncident): string {
  return `<p class="muted">Incident #${incident.number}</p>
<h1>${escapeHtml(incident.title)}</h1>
<table><tr><td>Service</td><td>${escapeHtml(incident.serviceName)}</td></tr><tr><td>Status</td><td>${escapeHtml(incident.status)}</td></tr></table>`;
}

const openLink = (incident: PageIncident) => `<p><a href="${escapeHtml(incident.url)}">Open incident #${incident.number} in Vigil</a></p>`;

/**
 * What GET shows: the incident and a button. Mail scanners and link previews follow GET links, so only the
 * button's POST (to this same URL: the form has no action) changes anything.
 */
export function confirmPage(action: LinkAction, incident: PageIncident): string {
  const verb = verbs[action];
  return page(
    `${verb.infinitive} incident #${incident.number}`,
    `${incidentFacts(incident)}
<form method="post"><button type="submit" style="background:${verb.colour}">${verb.infinitive} incident #${incident.number}</button></form>`,
  );
}

export function donePage(action: LinkAction, incident: PageIncident): string {
  return page(`Incident #${incident.number} ${verbs[action].past}`, `${incidentFacts(incident)}<p><strong>Done: you ${verbs[action].past} it.</strong></p>${openLink(incident)}`);
}

/** Nothing to do: the incident is in that state (or past it) already. */
export function alreadyPage(incident: PageIncident): string {
  return page(`Incident #${incident.number} is ${incident.status}`, `${incidentFacts(incident)}<p>It is already ${escapeHtml(incident.status)}; nothing was changed.</p>${openLink(incident)}`);
}

export function problemPage(title: string, explanation: string): string {
  return page(title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(explanation)}</p>`);
}
