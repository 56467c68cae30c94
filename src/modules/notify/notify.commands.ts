import { randomUUID } from 'node:crypto';
import { and, count, eq } from 'drizzle-orm';
import type { Deps } from '../../app/deps.ts';
import { conflict, invalid, notFound } from '../../http/errors.ts';
import type { Transaction } from '../../ports/store.ts';
import { recordAudit } from '../audit/audit.store.ts';
import type { Actor } from '../orgs/actor.ts';
import { checkAddress, checkContactType, defaultLabel, MAX_CONTACT_METHODS, MAX_NOTIFICATION_RULES, type Urgency, urgencies } from './notify.ts';
import { contactMethods, notificationRules } from './notify.tables.ts';

/**
 * What a new user starts with, so paging works out of the box: their login e-mail as a contact method and a
 * rule for each urgency to notify them there at once. Runs inside the transaction that creates the user.
 */
export async function addDefaultNotificationSetup(tx: Transaction, user: { orgId: string; userId: string; email: string }, now: Date): Promise<void> {
  const contactMethodId = randomUUID();
  await tx.insert(contactMethods).values({ id: contactMethodId, orgId: user.orgId, userId: user.userId, type: 'email', label: defaultLabel('email'), address: user.email, createdAt: now });
  await tx
    .insert(notificationRules)
    .values(urgencies.map((urgency) => ({ id: randomUUID(), orgId: user.orgId, userId: user.userId, urgency, contactMethodId, delayMinutes: 0, createdAt: now })));
}

export interface NewContactMethod {
  type: string;
  address: string;
  label?: string;
}

export function createContactMethod(deps: Deps, actor: Actor, userId: string, input: NewContactMethod) {
  const type = checkContactType(input.type);
  const address = checkAddress(type, input.address);
  return deps.store.write(async (tx) => {
    const now = deps.clock.now();
    const [existing] = await tx.select({ n: count() }).from(contactMethods).where(and(eq(contactMethods.orgId, actor.orgId), eq(contactMethods.userId, userId)));
    if ((existing?.n ?? 0) >= MAX_CONTACT_METHODS) throw conflict(`A user can have at most ${MAX_CONTACT_METHODS} contact methods; delete one first.`);
    const [row] = await tx
      .insert(contactMethods)
      .values({ id: randomUUID(), orgId: actor.orgId, userId, type, label: input.label ?? defaultLabel(type), address, createdAt: now })
      .returning();
    await recordAudit(tx, actor, 'contact_method.create', { type: 'contact_method', id: row!.id }, now, { user_id: userId, type, address });
    return row!;
  });
}

/** Notifications already scheduled keep the address they were scheduled with. */
export function updateContactMethod(deps: Deps, actor: Actor, userId: string, id: string, changes: { label?: string; address?: string }) {
  return deps.store.write(async (tx) => {
    const now = deps.clock.now();
    const where = and(eq(contactMethods.id, id), eq(contactMethods.orgId, actor.orgId), eq(contactMethods.userId, userId));
    const [current] = await tx.select({ type: contactMethods.type }).from(contactMethods).where(where).for('update');
    if (!current) throw notFound('Contact method');
    const address = changes.address === undefined ? undefined : checkAddress(checkContactType(current.type), changes.address);
    const [row] = await tx
      .update(contactMethods)
      .set({ ...(changes.label !== undefined && { label: changes.label }), ...(address !== undefined && { address }) })
      .where(where)
      .returning();
    await recordAudit(tx, actor, 'contact_method.update', { type: 'contact_method', id }, now, { user_id: userId, ...changes, ...(address !== undefined && { address }) });
    return row!;
  });
}

/** Its notification rules go with it (foreign key cascade). */
export function deleteContactMethod(deps: Deps, actor: Actor, userId: string, id: string) {
  return deps.store.write(async (tx) => {
    const [row] = await tx
      .delete(contactMethods)
      .where(and(eq(contactMethods.id, id), eq(contactMethods.orgId, actor.orgId), eq(contactMethods.userId, userId)))
      .returning({ id: contactMethods.id });
    if (!row) throw notFound('Contact method');
    await recordAudit(tx, actor, 'contact_method.delete', { type: 'contact_method', id }, deps.clock.now(), { user_id: userId });
  });
}

export interface NewNotificationRule {
  urgency: Urgency;
  contact_method_id: string;
  delay_minutes: number;
}

export function createNotificationRule(deps: Deps, actor: Actor, userId: string, input: NewNotificationRule) {
  return deps.store.write(async (tx) => {
    const now = deps.clock.now();
    const [method] = await tx
      .select({ id: contactMethods.id })
      .from(contactMethods)
      .where(and(eq(contactMethods.id, input.contact_method_id), eq(contactMethods.orgId, actor.orgId), eq(contactMethods.userId, userId)));
    if (!method) throw invalid('contact_method_id', "is not one of this user's contact methods");
    const rules = await tx
      .select({ urgency: notificationRules.urgency, contactMethodId: notificationRules.contactMethodId, delayMinutes: notificationRules.delayMinutes })
      .from(notificationRules)
      .where(and(eq(notificationRules.orgId, actor.orgId), eq(notificationRules.userId, userId)));
    if (rules.length >= MAX_NOTIFICATION_RULES) throw conflict(`A user can have at most ${MAX_NOTIFICATION_RULES} notification rules; delete one first.`);
    if (rules.some((r) => r.urgency === input.urgency && r.contactMethodId === input.contact_method_id && r.delayMinutes === input.delay_minutes)) {
      throw conflict('The same rule exists already.');
    }
    const [rule] = await tx
      .insert(notificationRules)
      .values({ id: randomUUID(), orgId: actor.orgId, userId, urgency: input.urgency, contactMethodId: input.contact_method_id, delayMinutes: input.delay_minutes, createdAt: now })
      .returning();
    await recordAudit(tx, actor, 'notification_rule.create', { type: 'notification_rule', id: rule!.id }, now, { user_id: userId, ...input });
    return rule!;
  });
}

export function deleteNotificationRule(deps: Deps, actor: Actor, userId: string, id: string) {
  return deps.store.write(async (tx) => {
    const [row] = await tx
      .delete(notificationRules)
      .where(and(eq(notificationRules.id, id), eq(notificationRules.orgId, actor.orgId), eq(notificationRules.userId, userId)))
      .returning({ id: notificationRules.id });
    if (!row) throw notFound('Notification rule');
    await recordAudit(tx, actor, 'notification_rule.delete', { type: 'notification_rule', id }, deps.clock.now(), { user_id: userId });
  });
}
