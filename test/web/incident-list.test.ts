import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyPatches, mergeHead, newestFirst, type ListPage, type PagedList, withBoundary } from '../../web/src/pages/incidents/list-merge.ts';
import { filtersFromParams, filtersToParams, type IncidentFilters, listQuery, matchesFilters } from '../../web/src/pages/incidents/incident-filters.ts';

interface Row {
  id: string;
  created_at: string;
  status: 'triggered' | 'acknowledged' | 'resolved';
  version: number;
}

const open = (row: Row) => row.status !== 'resolved';

// Few distinct times, so ties broken by id are common (the server's order has them too).
const time = fc.integer({ min: 0, max: 20 }).map((s) => new Date(Date.UTC(2025, 0, 1, 0, 0, s)).toISOString());
const id = fc.integer({ min: 0, max: 25 }).map((n) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`);
const status = fc.constantFrom<Row['status']>('triggered', 'acknowledged', 'resolved');

/** The server's open incidents, newest first, and how many of them the browser has loaded in pages of `size`. */
const loadedList = fc
  .record({ rows: fc.uniqueArray(fc.record({ id, created_at: time }), { selector: (r) => r.id, maxLength: 40 }), size: fc.integer({ min: 1, max: 7 }), pages: fc.integer({ min: 1, max: 8 }) })
  .map(({ rows, size, pages }) => {
    const universe: Row[] = rows.map((r) => ({ ...r, status: 'triggered' as const, version: 0 })).sort(newestFirst);
    const list: PagedList<Row> = { pages: [], pageParams: [] };
    for (let page = 0; page < pages; page += 1) {
      const slice = universe.slice(page * size, (page + 1) * size);
      const more = universe.length > (page + 1) * size;
      list.pages.push(withBoundary<Row, ListPage<Row>>({ incidents: slice, next_cursor: more ? `c${page}` : null }));
      list.pageParams.push(page === 0 ? undefined : `c${page - 1}`);
      if (!more) break;
    }
    return { universe, list };
  });

const flat = (list: PagedList<Row>) => list.pages.flatMap((page) => page.incidents);
const isSorted = (rows: Row[]) => rows.every((row, i) => i === 0 || newestFirst(rows[i - 1]!, row) < 0);

describe('the incident list merges live changes into the loaded pages', () => {
  it('keeps the server order, shows each incident once, and exactly the matching ones within the loaded range', () => {
    fc.assert(
      fc.property(loadedList, fc.array(fc.record({ id, created_at: time, status }), { maxLength: 15 }), ({ universe, list }, changes) => {
        // A change to a known incident keeps its creation time; an unknown id is a new incident.
        const known = new Map(universe.map((row) => [row.id, row]));
        const patches: Row[] = changes.map((change, i) => ({ ...change, created_at: known.get(change.id)?.created_at ?? change.created_at, version: i + 1 }));
        const merged = applyPatches(list, patches, open);
        const rows = flat(merged);
        expect(isSorted(rows)).toBe(true);
        expect(new Set(rows.map((row) => row.id)).size).toBe(rows.length);

        const lastPage = list.pages.at(-1)!;
        const limit = lastPage.boundary;
        const inRange = (row: Row) => lastPage.next_cursor === null || (limit !== undefined && newestFirst(row, limit) <= 0);
        const latest = new Map(patches.map((patch) => [patch.id, patch]));
        const expected = [...flat(list).filter((row) => !latest.has(row.id)), ...[...latest.values()].filter((row) => open(row) && inRange(row))].sort(newestFirst);
        expect(rows).toEqual(expected);
        expect(merged.pages.length).toBe(list.pages.length);
      }),
    );
  });

  it('takes the top from a fresh first page and keeps older loaded rows after it', () => {
    fc.assert(
      fc.property(loadedList, loadedList, ({ list }, fresh) => {
        const head = fresh.list.pages[0]!;
        const merged = mergeHead(list, head);
        const rows = flat(merged);
        expect(rows.slice(0, head.incidents.length)).toEqual(head.incidents);
        expect(new Set(rows.map((row) => row.id)).size).toBe(rows.length);
        if (head.next_cursor === null) expect(merged.pages).toEqual([head]);
        else {
          const boundary = head.boundary!;
          const headIds = new Set(head.incidents.map((row) => row.id));
          expect(rows.slice(head.incidents.length)).toEqual(flat(list).filter((row) => !headIds.has(row.id) && newestFirst(row, boundary) > 0));
          expect(merged.pages.at(-1)!.next_cursor).toBe(merged.pages.length === 1 ? head.next_cursor : list.pages.at(-1)!.next_cursor);
        }
        expect(merged.pageParams.length).toBe(merged.pages.length);
      }),
    );
  });
});

const filters = fc.record({
  tab: fc.constantFrom<IncidentFilters['tab']>('open', 'triggered', 'acknowledged', 'resolved', 'all'),
  service: fc.option(fc.uuid(), { nil: '' }),
  severity: fc.constantFrom('', 'critical', 'error', 'warning', 'info'),
  created: fc.constantFrom<IncidentFilters['created']>('', '24h', '7d', '30d'),
});

describe('the incident list filters in the URL', () => {
  it('read back what they wrote, and ignore what they do not know', () => {
    fc.assert(
      fc.property(filters, (f) => {
        expect(filtersFromParams(filtersToParams(f))).toEqual(f);
      }),
    );
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom('status', 'service', 'severity', 'created', 'other'), fc.string()), (junk) => {
        const read = filtersFromParams(new URLSearchParams(junk));
        expect(filtersFromParams(filtersToParams(read))).toEqual(read);
      }),
    );
  });

  it('match an incident exactly when the API query would return it', () => {
    const now = Date.UTC(2025, 5, 1);
    const incident = fc.record({
      status: fc.constantFrom('triggered', 'acknowledged', 'resolved'),
      severity: fc.constantFrom('critical', 'error', 'warning', 'info'),
      service_id: fc.constantFrom('11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222'),
      created_at: fc.integer({ min: 0, max: 40 * 24 }).map((hours) => new Date(now - hours * 3_600_000 - 1).toISOString()),
    });
    fc.assert(
      fc.property(filters, incident, (f, i) => {
        const q = listQuery(f, now);
        const byQuery = (!q.status || q.status.split(',').includes(i.status)) && (!q.service_id || q.service_id === i.service_id) && (!q.severity || q.severity === i.severity) && (!q.since || i.created_at >= q.since);
        expect(matchesFilters(i, f, now)).toBe(byQuery);
      }),
    );
  });
});
