// Pure: no imports, so the property tests under test/ can load it without the browser's module setup.

/** What the list's merging needs of an incident: its id and the server's sort key. */
export interface ListItem {
  id: string;
  created_at: string;
}

export interface ListPage<T> {
  incidents: T[];
  next_cursor: string | null;
  /**
   * The last row the server sent in this page (where its next_cursor carries on), kept even after that row
   * leaves the list: a row sorting after it belongs to a later page, whatever is still shown.
   */
  boundary?: ListItem | undefined;
}

export interface PagedList<T> {
  pages: ListPage<T>[];
  pageParams: unknown[];
}

/** The server's order: newest first, then by id descending (both compare as the store compares them). */
export function newestFirst(a: ListItem, b: ListItem): number {
  const at = Date.parse(b.created_at) - Date.parse(a.created_at);
  if (at !== 0) return at;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/**
 * Applies incidents as they are now (from live events or our own actions) to the loaded pages: an incident that
 * no longer matches the filters leaves, one that does is updated in place or inserted where the server would
 * put it. One that sorts past the last loaded row is left for "load more" to bring, so no row is ever shown
 * twice and none is skipped.
 */
export function applyPatches<T extends ListItem>(list: PagedList<T>, patches: readonly T[], matches: (item: T) => boolean): PagedList<T> {
  if (patches.length === 0 || list.pages.length === 0) return list;
  const latest = new Map<string, T>();
  for (const patch of patches) latest.set(patch.id, patch);
  const limits = list.pages.map((page) => page.boundary ?? page.incidents.at(-1));
  const pages = list.pages.map((page) => ({ ...page, incidents: page.incidents.filter((item) => !latest.has(item.id)) }));
  const last = pages.length - 1;
  for (const patch of latest.values()) {
    if (!matches(patch)) continue;
    const index = limits.findIndex((limit) => limit !== undefined && newestFirst(patch, limit) <= 0);
    const target = index >= 0 ? index : pages[last]!.next_cursor === null ? last : -1;
    if (target < 0) continue;
    const page = pages[target]!;
    const at = page.incidents.findIndex((item) => newestFirst(patch, item) < 0);
    page.incidents.splice(at < 0 ? page.incidents.length : at, 0, patch);
  }
  return { pages, pageParams: list.pageParams };
}

/**
 * Replaces the top of the loaded list with a freshly fetched first page: everything the fresh page covers is
 * taken from it (new incidents appear, ones that left the filter go); older loaded rows are kept as they are.
 */
export function mergeHead<T extends ListItem>(list: PagedList<T> | undefined, head: ListPage<T>): PagedList<T> {
  const boundary = head.boundary ?? head.incidents.at(-1);
  if (!list || head.next_cursor === null || !boundary) return { pages: [head], pageParams: [undefined] };
  const seen = new Set(head.incidents.map((item) => item.id));
  const pages: ListPage<T>[] = [head];
  const pageParams: unknown[] = [undefined];
  list.pages.forEach((page, index) => {
    const older = page.incidents.filter((item) => !seen.has(item.id) && newestFirst(item, boundary) > 0);
    if (older.length > 0 || (index === list.pages.length - 1 && pages.length > 1)) {
      pages.push({ ...page, incidents: older });
      pageParams.push(list.pageParams[index]);
    }
  });
  // Nothing older was loaded: the fresh page's own cursor is where "load more" carries on.
  if (pages.length === 1) return { pages: [head], pageParams: [undefined] };
  return { pages, pageParams };
}

/** A page as the server sent it, with its boundary noted. */
export function withBoundary<T extends ListItem, P extends ListPage<T>>(page: P): P {
  const last = page.incidents.at(-1);
  return { ...page, boundary: last && { id: last.id, created_at: last.created_at } };
}

/** Every loaded incident in order. */
export function allItems<T>(list: PagedList<T> | undefined): T[] {
  return list ? list.pages.flatMap((page) => page.incidents) : [];
}
