import { randomUUID } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Deps } from '../../app/deps.ts';
import { AppError, conflict, notFound } from '../../http/errors.ts';
import type { Executor } from '../../ports/store.ts';
import type { Mailer } from '../../ports/mailer.ts';
import { recordAudit } from '../audit/audit.store.ts';
import { addDefaultNotificationSetup } from '../notify/notify.commands.ts';
import type { Actor, Role } from './actor.ts';
import { renderInvitationMail } from './invitation.mail.ts';
import { invitationStatus } from './invitations.presenters.ts';
import { invitations } from './invitations.tables.ts';
import { assertEmailFree, insertSession, type RequestOrigin } from './orgs.commands.ts';
import { organizations, users } from './orgs.tables.ts';
import { hashPassword, newToken, tokenHash } from './secrets.ts';

const INVITATION_TTL_MS = 7 * 86_400_000;

type Invitation = typeof invitations.$inferSelect;

/** Where the dashboard shows the accept page of an invitation. */
export const acceptUrl = (deps: Deps, token: string) => `${deps.publicUrl()}/invitations/${token}`;

/** A new invitation (an earlier one still open for the same address is revoked); its token is returned once. */
export function createInvitation(deps: Deps, actor: Actor, input: { email: string; role: Role; name?: string | undefined }) {
  return deps.store.write(async (tx) => {
    const now = deps.clock.now();
    await assertEmailFree(tx, input.email);
    const replaced = await tx
      .update(invitations)
      .set({ revokedAt: now })
      .where(and(eq(invitations.orgId, actor.orgId), sql`lower(${invitations.email}) = lower(${input.email})`, isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
      .returning({ id: invitations.id });
    const token = newToken('vgli');
    const [invitation] = await tx
      .insert(invitations)
      .values({
        id: randomUUID(),
        orgId: actor.orgId,
        email: input.email,
        name: input.name ?? null,
        role: input.role,
        tokenHash: tokenHash(token),
        invitedBy: actor.userId,
        createdAt: now,
        expiresAt: new Date(now.getTime() + INVITATION_TTL_MS),
      })
      .returning();
    const [names] = await tx
      .select({ organization: organizations.name, inviter: users.name })
      .from(organizations)
      .leftJoin(users, eq(users.id, actor.userId))
      .where(eq(organizations.id, actor.orgId));
    await recordAudit(tx, actor, 'invitation.create', { type: 'invitation', id: invitation!.id }, now, { email: input.email, role: input.role, replaced: replaced.map((row) => row.id) });
    return { invitation: invitation!, token, organizationName: names?.organization ?? '', inviterName: names?.inviter ?? 'An admin' };
  });
}

/**
 * Sends the invitation e-mail once the invitation is stored. A mail that fails is reported, not retried: the
 * admin holds the accept URL from the same answer and can pass it on, or invite again.
 */
export async function sendInvitation(deps: Deps, mailer: Mailer, created: Awaited<ReturnType<typeof createInvitation>>): Promise<'sent' | 'stored_in_mail_outbox' | 'failed'> {
  const { invitation } = created;
  try {
    await mailer.send(
      renderInvitationMail({
        orgId: invitation.orgId,
        to: invitation.email,
        organizationName: created.organizationName,
        inviterName: created.inviterName,
        role: invitation.role,
        acceptUrl: acceptUrl(deps, created.token),
        expiresAt: invitation.expiresAt,
      }),
    );
    return mailer.kind === 'outbox' ? 'stored_in_mail_outbox' : 'sent';
  } catch (error) {
    deps.log.warn({ err: error, orgId: invitation.orgId, invitationId: invitation.id }, 'the invitation e-mail was not sent; the admin has its accept URL');
    return 'failed';
  }
}

export function revokeInvitation(deps: Deps, actor: Actor, id: string) {
  return deps.store.write(async (tx) => {
    const now = deps.clock.now();
    const [invitation] = await tx
      .select()
      .from(invitations)
      .where(and(eq(invitations.id, id), eq(invitations.orgId, actor.orgId)))
      .for('update');
    if (!invitation) throw notFound('Invitation');
    if (invitation.acceptedAt) throw conflict('The invitation has been accepted already; delete the user instead.');
    if (!invitation.revokedAt) await tx.update(invitations).set({ revokedAt: now }).where(eq(invitations.id, id));
    await recordAudit(tx, actor, 'invitation.revoke', { type: 'invitation', id }, now, { email: invitation.email });
  });
}

/** The invitation of a token with its organisation's name, or the 4xx that says why it cannot be used. */
export async function usableInvitation(executor: Executor, token: string, now: Date, lock = false) {
  const query = executor
    .select({ invitation: invitations, organizationName: organizations.name })
    .from(invitations)
    .innerJoin(organizations, eq(organizations.id, invitations.orgId))
    .where(eq(invitations.tokenHash, tokenHash(token)));
  const [row] = lock ? await query.for('update', { of: invitations }) : await query;
  if (!row) throw new AppError('not_found', 'This invitation link is not valid; ask an admin of the organisation for a new one.');
  assertUsable(row.invitation, now);
  return row;
}

function assertUsable(invitation: Invitation, now: Date): void {
  const status = invitationStatus(invitation, now);
  if (status === 'accepted') throw conflict('This invitation has been accepted already; sign in instead.');
  if (status === 'revoked') throw new AppError('gone', 'This invitation has been withdrawn; ask an admin of the organisation for a new one.');
  if (status === 'expired') throw new AppError('gone', `This invitation expired at ${invitation.expiresAt.toISOString()}; ask an admin of the organisation for a new one.`);
}

/** Joins the organisation: the user (with the default contact method and rules), the invitation used, a session. */
export async function acceptInvitation(deps: Deps, token: string, input: { name: string; password: string }, origin: RequestOrigin & { userAgent: string | null }) {
  // Checked before the (deliberately slow) password hash, and again under lock in the transaction.
  await usableInvitation(deps.store.db, token, deps.clock.now());
  const passwordHash = await hashPassword(input.password);
  return deps.store.write(async (tx) => {
    const now = deps.clock.now();
    const { invitation } = await usableInvitation(tx, token, now, true);
    await assertEmailFree(tx, invitation.email);
    const [user] = await tx
      .insert(users)
      .values({ id: randomUUID(), orgId: invitation.orgId, email: invitation.email, name: input.name, role: invitation.role, passwordHash, createdAt: now, updatedAt: now })
      .returning();
    await addDefaultNotificationSetup(tx, { orgId: invitation.orgId, userId: user!.id, email: invitation.email }, now);
    await tx.update(invitations).set({ acceptedAt: now, acceptedUserId: user!.id }).where(eq(invitations.id, invitation.id));
    const actor: Actor = { orgId: invitation.orgId, type: 'user', id: user!.id, userId: user!.id, role: invitation.role, ...origin };
    await recordAudit(tx, actor, 'user.create', { type: 'user', id: user!.id }, now, { email: invitation.email, role: invitation.role, invitation_id: invitation.id });
    await recordAudit(tx, actor, 'invitation.accept', { type: 'invitation', id: invitation.id }, now, { email: invitation.email });
    const session = await insertSession(deps, tx, user!, origin);
    return { user: user!, session };
  });
}
