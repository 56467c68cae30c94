import { and, desc, eq, lt, or, type SQL } from 'drizzle-orm';
import { decodeCursor, encodeCursor } from '../../http/cursor.ts';
import type { Executor } from '../../ports/store.ts';
import { presentChange } from './changes.presenters.ts';
import { changes } from './changes.tables.ts';

/** One page of an organisation's changes matching `where`, newest first (by when they happened). */
export async function pageOfChanges(db: Executor, orgId: string, where: SQL | undefined, page: { limit: number; cursor?: string | undefined }) {
  const cursor = decodeCursor(page.cursor, 'uuid');
  const rows = await db
    .select()
    .from(changes)
    .where(
      and(
        eq(changes.orgId, orgId),
        where,
        cursor ? or(lt(changes.occurredAt, new Date(cursor.at)), and(eq(changes.occurredAt, new Date(cursor.at)), lt(changes.id, cursor.id))) : undefined,
      ),
    )
    .orderBy(desc(changes.occurredAt), desc(changes.id))
    .limit(page.limit + 1);
  const shown = rows.slice(0, page.limit);
  const last = shown.at(-1);
  return {
    changes: shown.map(presentChange),
    next_cursor: rows.length > page.limit && last ? encodeCursor({ at: last.occurredAt.toISOString(), id: last.id }) : null,
  };
}
