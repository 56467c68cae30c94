import { forbidden } from '../../http/errors.ts';

export const roles = ['admin', 'responder', 'observer'] as const;
export type Role = (typeof roles)[number];

/** Who is acting, for scoping every query and for the audit log. */
export interface Actor {
  orgId: string;
  type: 'user' | 'api_key';
  /** The API key's id for `api_key`, the user's id for `user`. */
  id: string;
  userId: string;
  role: Role;
  ip: string;
  requestId: string;
  /** The browser session, when the actor came in with the session cookie. */
  sessionId?: string;
}

const rank: Record<Role, number> = { admin: 3, responder: 2, observer: 1 };

/** Throws 403 unless the actor's role is at least `needed`. Observers read; responders act on incidents; admins manage. */
export function authorize(actor: Actor, needed: Role): void {
  if (rank[actor.role] < rank[needed]) throw forbidden(`This needs the ${needed} role; you have ${actor.role}.`);
}
