import { Tabs } from 'radix-ui';
import { useCallback, useMemo, useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import type { Incident } from '../../api/types';
import { canWrite, useMe } from '../../app/session';
import { Empty, ErrorNotice, Loading } from '../../ui/feedback';
import { Page } from '../../ui/page';
import { filtersFromParams, filtersToParams, type IncidentFilters, statusTabs, type StatusTab } from './incident-filters';
import { IncidentFiltersBar } from './IncidentFiltersBar';
import { IncidentTable, type TableController } from './IncidentTable';
import { AlertOptIns, BulkFailures, SelectionBar } from './ListToolbar';
import { NewIncidentDialog } from './NewIncidentDialog';
import { ShortcutsDialog } from './ShortcutsDialog';
import { type BulkKind, useBulkAction } from './use-bulk-action';
import { useServices } from './use-directory';
import { useIncidentList } from './use-incident-list';
import { useListShortcuts } from './use-list-shortcuts';
import { useNewIncidentAlerts } from './use-new-incident-alerts';
import './incidents.css';

export function IncidentsPage() {
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => filtersFromParams(params), [params]);
  const writer = canWrite(useMe().data?.role);
  const { query, incidents, patch } = useIncidentList(filters);
  const serviceIds = useMemo(() => [...new Set(incidents.map((incident) => incident.service_id))], [incidents]);
  const { services, byId } = useServices(serviceIds);
  const alerts = useNewIncidentAlerts();
  const bulk = useBulkAction(patch);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [focusedId, setFocusedId] = useState<string | null>(null);
  const [dialog, setDialog] = useState<'new' | 'shortcuts' | null>(null);
  const table = useRef<TableController | null>(null);
  const firstFilter = useRef<HTMLSelectElement>(null);

  const setFilters = (next: IncidentFilters) => {
    setParams(filtersToParams(next), { replace: true });
    setSelected(new Set());
  };
  // Selection is by id, so it survives live updates; it only keeps ids still in the list.
  const selectedIncidents = useMemo(() => incidents.filter((incident) => selected.has(incident.id)), [incidents, selected]);
  const toggle = useCallback((id: string) => setSelected((current) => toggled(current, id)), []);
  const toggleAll = () => setSelected(selectedIncidents.length === incidents.length ? new Set() : new Set(incidents.map((incident) => incident.id)));

  const runBulk = async (kind: BulkKind, targets: Incident[]) => {
    if (!writer || targets.length === 0 || bulk.running) return;
    const succeeded = await bulk.run(kind, targets);
    setSelected((current) => new Set([...current].filter((id) => !succeeded.has(id))));
  };
  const focusedIndex = focusedId ? incidents.findIndex((incident) => incident.id === focusedId) : -1;
  // A focused row that left the list (resolved on the Open tab) hands its place to the row that took it.
  const lastFocused = useRef(-1);
  if (focusedIndex >= 0) lastFocused.current = focusedIndex;
  const move = (step: number) => {
    if (incidents.length === 0) return;
    const from = focusedIndex >= 0 ? focusedIndex + step : lastFocused.current < 0 ? 0 : lastFocused.current;
    const index = Math.min(incidents.length - 1, Math.max(0, from));
    setFocusedId(incidents[index]!.id);
    table.current?.focusIndex(index);
  };
  const focused = focusedIndex >= 0 ? incidents[focusedIndex] : undefined;
  const targets = () => (selectedIncidents.length > 0 ? selectedIncidents : focused ? [focused] : []);
  useListShortcuts({
    next: () => move(1),
    previous: () => move(-1),
    toggle: () => writer && focused && toggle(focused.id),
    acknowledge: () => void runBulk('acknowledge', targets()),
    resolve: () => void runBulk('resolve', targets()),
    open: () => focused && navigate(`/incidents/${focused.id}`),
    search: () => firstFilter.current?.focus(),
    help: () => setDialog('shortcuts'),
    clear: () => setSelected(new Set()),
  });

  const fetchNextPage = query.fetchNextPage;
  const loadMore = useCallback(() => void fetchNextPage(), [fetchNextPage]);
  return (
    <Page
      title="Incidents"
      actions={
        <>
          <button type="button" className="btn btn-ghost hide-narrow" onClick={() => setDialog('shortcuts')} aria-keyshortcuts="?">
            Shortcuts
          </button>
          {writer ? (
            <button type="button" className="btn btn-primary" onClick={() => setDialog('new')}>
              New incident
            </button>
          ) : null}
        </>
      }
    >
      <Tabs.Root value={filters.tab} onValueChange={(tab) => setFilters({ ...filters, tab: tab as StatusTab })} activationMode="manual">
        <Tabs.List className="tabs-list" aria-label="Status">
          {statusTabs.map((tab) => (
            <Tabs.Trigger key={tab.value} value={tab.value} className="tabs-trigger">
              {tab.label}
            </Tabs.Trigger>
          ))}
        </Tabs.List>
        <Tabs.Content value={filters.tab} className="stack" tabIndex={-1}>
          <div className="incident-controls">
            <IncidentFiltersBar filters={filters} services={services} onChange={setFilters} firstRef={firstFilter} />
            <AlertOptIns alerts={alerts} />
          </div>
          {writer && selectedIncidents.length > 0 ? <SelectionBar count={selectedIncidents.length} running={bulk.running} onRun={(kind) => void runBulk(kind, selectedIncidents)} onClear={() => setSelected(new Set())} /> : null}
          <BulkFailures failures={bulk.failures} onDismiss={bulk.dismissFailures} />
          {query.error && !query.data ? (
            <ErrorNotice error={query.error} title="Could not load incidents" />
          ) : query.isPending ? (
            <Loading label="Loading incidents" />
          ) : incidents.length === 0 ? (
            <Empty>{filters.tab === 'open' ? 'No open incidents. All quiet.' : 'No incidents match these filters.'}</Empty>
          ) : (
            <>
              <IncidentTable
                incidents={incidents}
                services={byId}
                selected={selected}
                focusedId={focusedId}
                canSelect={writer}
                hasMore={query.hasNextPage}
                loadingMore={query.isFetchingNextPage}
                loadMore={loadMore}
                onToggle={toggle}
                onToggleAll={toggleAll}
                onFocusRow={setFocusedId}
                controller={table}
              />
              <p className="muted incident-count">
                {incidents.length.toLocaleString()} {incidents.length === 1 ? 'incident' : 'incidents'} loaded{query.hasNextPage ? '; scroll for more' : ''}. Press <kbd>?</kbd> for shortcuts.
              </p>
              {query.error ? <ErrorNotice error={query.error} title="Could not load more" /> : null}
            </>
          )}
        </Tabs.Content>
      </Tabs.Root>
      {writer ? <NewIncidentDialog key={dialog === 'new' ? 'open' : 'closed'} open={dialog === 'new'} onOpenChange={(open) => setDialog(open ? 'new' : null)} services={services} defaultService={filters.service} /> : null}
      <ShortcutsDialog open={dialog === 'shortcuts'} onOpenChange={(open) => setDialog(open ? 'shortcuts' : null)} />
    </Page>
  );
}

function toggled(set: ReadonlySet<string>, id: string): ReadonlySet<string> {
  const next = new Set(set);
  if (next.has(id)) next.delete(id);
  else next.add(id);
  return next;
}
