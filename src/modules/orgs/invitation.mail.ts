import type { Mail } from '../../ports/mailer.ts';
import { escapeHtml } from '../notify/html.ts';

export interface InvitationMail {
  orgId: string;
  to: string;
  organizationName: string;
  inviterName: string;
  role: string;
  acceptUrl: string;
  expiresAt: Date;
}

/** One line, however the names came in: a line break in a subject would start a header of the sender's choosing. */
const oneLine = (text: string) => text.replace(/[\r\n\t\u2028\u2029]+/g, ' ').trim();

/** The invitation e-mail: who invites you where, as what, and the link that lets you in (until it expires). */
export function renderInvitationMail(invite: InvitationMail): Mail {
  const organization = oneLine(invite.organizationName);
  const inviter = oneLine(invite.inviterName);
  const expires = invite.expiresAt.toUTCString();
  const subject = `[Vigil] ${inviter} invites you to ${organization}`;
  const text = [
    `${inviter} invites you to join ${organization} on Vigil as ${invite.role}.`,
    '',
    `Accept the invitation: ${invite.acceptUrl}`,
    '',
    `The link works once, until ${expires}. Do not forward this mail: whoever opens the link can join.`,
    '',
  ].join('\n');
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:24px;background:#f4f5f7;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;color:#172b4d">
<div style="max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px;padding:24px">
<p style="margin:0 0 16px">${escapeHtml(inviter)} invites you to join <strong>${escapeHtml(organization)}</strong> on Vigil as ${escapeHtml(invite.role)}.</p>
<p style="margin:0 0 16px"><a href="${escapeHtml(invite.acceptUrl)}" style="display:inline-block;padding:10px 18px;border-radius:6px;background:#0052cc;color:#ffffff;text-decoration:none;font-weight:600">Accept the invitation</a></p>
<p style="margin:0;font-size:12px;color:#5e6c84">The link works once, until ${escapeHtml(expires)}. Do not forward this mail: whoever opens the link can join.</p>
</div></body></html>
`;
  return { orgId: invite.orgId, to: invite.to, subject, text, html, headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' } };
}
