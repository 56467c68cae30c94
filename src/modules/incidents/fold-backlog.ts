import { asc, count, isNull } from 'drizzle-orm';
import type { Database } from '../../ports/store.ts';
import { events } from '../events/events.tables.ts';

export interface FoldBacklog {
  /** Events stored (answered 2xx) and not yet folded into alerts and incidents. */
  events: number;
  /** How long the oldest of them has waited, in seconds; 0 when there are none. */
  oldestAgeSeconds: number;
}

/**
 * What the fold has still to do, over every organisation: read at scrape time. Under a flood ingestion goes
 * first and the fold catches up afterwards, so this is how late pages are. Both reads walk only the partial
 * index of unfolded events.
 */
export async function foldBacklog(db: Database, now: Date): Promise<FoldBacklog> {
  const [pending] = await db.select({ count: count() }).from(events).where(isNull(events.foldedAt));
  const [oldest] = await db.select({ receivedAt: events.receivedAt }).from(events).where(isNull(events.foldedAt)).orderBy(asc(events.id)).limit(1);
  return {
    events: Number(pending?.count ?? 0),
    oldestAgeSeconds: oldest ? Math.max(0, (now.getTime() - oldest.receivedAt.getTime()) / 1000) : 0,
  };
}
