import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, type RefObject, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import type { Incident, Service } from '../../api/types';
import { SeverityBadge, StatusBadge } from '../../ui/badges';
import { Time } from '../../ui/time';

const ROW_HEIGHT = 48;
/** Ask for the next page this many rows before the end, so scrolling rarely reaches a spinner. */
const PREFETCH_ROWS = 40;

/** How the page moves the keyboard focus through rows it may not have rendered. */
export interface TableController {
  focusIndex(index: number): void;
}

interface Props {
  incidents: Incident[];
  services: Map<string, Service>;
  selected: ReadonlySet<string>;
  focusedId: string | null;
  canSelect: boolean;
  hasMore: boolean;
  loadingMore: boolean;
  loadMore(): void;
  onToggle(id: string): void;
  onToggleAll(): void;
  onFocusRow(id: string): void;
  controller: RefObject<TableController | null>;
}

/**
 * The incident rows, virtualised: only the rows in view (plus a margin) are in the DOM, so ten thousand loaded
 * incidents scroll like ten. Rows have one height, so positions need no measuring. A real table (spacer rows
 * above and below) keeps its semantics for screen readers, with aria-rowindex telling where each row sits.
 */
export function IncidentTable(props: Props) {
  const { incidents, hasMore, loadingMore, loadMore, controller } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: incidents.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 4, getItemKey: (index) => incidents[index]?.id ?? index });
  const items = virtualizer.getVirtualItems();
  const minute = useMinute();
  const lastIndex = items.at(-1)?.index ?? -1;

  useEffect(() => {
    if (hasMore && !loadingMore && lastIndex >= incidents.length - PREFETCH_ROWS) loadMore();
  }, [hasMore, loadingMore, lastIndex, incidents.length, loadMore]);

  // New incidents arrive at the top: once scrolled down, keep the rows being read where they are.
  const anchor = useRef<{ id: string; index: number } | null>(null);
  useLayoutEffect(() => {
    const element = scroller.current;
    const previous = anchor.current;
    if (element && previous && element.scrollTop > 0) {
      const now = incidents.findIndex((incident) => incident.id === previous.id);
      if (now >= 0 && now !== previous.index) element.scrollTop += (now - previous.index) * ROW_HEIGHT;
    }
    const first = element ? Math.floor(element.scrollTop / ROW_HEIGHT) : 0;
    anchor.current = incidents[first] ? { id: incidents[first].id, index: first } : null;
  }, [incidents]);
  const onScroll = () => {
    const first = Math.floor((scroller.current?.scrollTop ?? 0) / ROW_HEIGHT);
    anchor.current = incidents[first] ? { id: incidents[first].id, index: first } : null;
  };

  controller.current = {
    focusIndex(index) {
      virtualizer.scrollToIndex(index, { align: 'auto' });
      // The row exists once the virtualiser has rendered it: focus it on the next frame.
      requestAnimationFrame(() => scroller.current?.querySelector<HTMLElement>(`[data-index="${index}"]`)?.focus({ preventScroll: true }));
    },
  };

  const before = items[0]?.start ?? 0;
  const after = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);
  const allSelected = incidents.length > 0 && incidents.every((incident) => props.selected.has(incident.id));
  return (
    <div className="incident-scroller" ref={scroller} onScroll={onScroll}>
      <table className="table incident-table" aria-rowcount={incidents.length + 1}>
        <caption className="sr-only">Incidents, newest first. Shortcuts: j and k move, x selects, a acknowledges, r resolves, question mark lists them all.</caption>
        <thead>
          <tr aria-rowindex={1}>
            <th scope="col" className="col-select">{props.canSelect ? <input type="checkbox" aria-label="Select all loaded incidents" checked={allSelected} onChange={props.onToggleAll} /> : <span className="sr-only">Selection</span>}</th>
            <th scope="col" className="col-number">#</th>
            <th scope="col">Title</th>
            <th scope="col" className="col-service hide-narrow">Service</th>
            <th scope="col" className="col-severity hide-narrow">Severity</th>
            <th scope="col" className="col-status">Status</th>
            <th scope="col" className="col-created hide-narrow">Created</th>
            <th scope="col" className="col-alerts hide-narrow">Alerts</th>
          </tr>
        </thead>
        <tbody>
          {before > 0 ? <Spacer height={before} /> : null}
          {items.map((item) => {
            const incident = incidents[item.index]!;
            return <Row key={incident.id} minute={minute} index={item.index} incident={incident} service={props.services.get(incident.service_id)} selected={props.selected.has(incident.id)} focused={props.focusedId === incident.id} canSelect={props.canSelect} onToggle={props.onToggle} onFocusRow={props.onFocusRow} />;
          })}
          {after > 0 ? <Spacer height={after} /> : null}
        </tbody>
      </table>
      {loadingMore ? (
        <p className="incident-more muted" role="status">
          Loading more incidents…
        </p>
      ) : null}
    </div>
  );
}

function Spacer({ height }: { height: number }) {
  return (
    <tr aria-hidden="true" className="incident-spacer">
      <td colSpan={8} style={{ height }} />
    </tr>
  );
}

/** Changes every minute, so the rows' relative times ("5 minutes ago") move on. */
function useMinute(): number {
  const [minute, setMinute] = useState(() => Math.floor(Date.now() / 60_000));
  useEffect(() => {
    const timer = setInterval(() => setMinute(Math.floor(Date.now() / 60_000)), 15_000);
    return () => clearInterval(timer);
  }, []);
  return minute;
}

interface RowProps {
  /** Only re-renders the row as time passes. */
  minute: number;
  index: number;
  incident: Incident;
  service: Service | undefined;
  selected: boolean;
  focused: boolean;
  canSelect: boolean;
  onToggle(id: string): void;
  onFocusRow(id: string): void;
}

const Row = memo(function Row({ index, incident, service, selected, focused, canSelect, onToggle, onFocusRow }: RowProps) {
  return (
    <tr data-index={index} data-incident-row="" aria-rowindex={index + 2} tabIndex={focused ? 0 : -1} className={`incident-row${selected ? ' is-selected' : ''}${focused ? ' is-focused' : ''}`} onFocus={() => onFocusRow(incident.id)}>
      <td>{canSelect ? <input type="checkbox" aria-label={`Select incident #${incident.number}`} checked={selected} onChange={() => onToggle(incident.id)} /> : null}</td>
      <td className="incident-number">#{incident.number}</td>
      <td className="incident-title">
        <Link to={`/incidents/${incident.id}`} title={incident.title}>
          {incident.title}
        </Link>
      </td>
      <td className="hide-narrow incident-service">{service?.name ?? '…'}</td>
      <td className="hide-narrow">
        <SeverityBadge severity={incident.severity} />
      </td>
      <td className="incident-status">
        {/* On a phone the severity column is folded into this one. */}
        <span className="only-narrow">
          <SeverityBadge severity={incident.severity} />
        </span>
        <StatusBadge status={incident.status} />
      </td>
      <td className="hide-narrow">
        <Time iso={incident.created_at} />
      </td>
      <td className="hide-narrow" title={`${incident.open_alert_count} open of ${incident.alert_count}`}>
        {incident.open_alert_count}/{incident.alert_count}
      </td>
    </tr>
  );
});
