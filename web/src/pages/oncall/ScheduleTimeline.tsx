import { useSearchParams } from 'react-router';
import { ErrorNotice, Loading } from '../../ui/feedback';
import { RangeControls } from './RangeControls';
import { OverridesTable } from './OverridesTable';
import { type Override, useOverrides, useRender } from './schedules.queries';
import { Timeline } from './Timeline';
import { isRangeKind, rangeAt, type RangeKind, shiftRange, type TimelineRange } from './timeline-range';

/** The range the address names (`?range=week&at=…`), so a view can be shared and survives a reload. */
function useRangeParam(zone: string): [TimelineRange, (range: TimelineRange) => void] {
  const [params, setParams] = useSearchParams();
  const kindParam = params.get('range');
  // A phone shows one day by default: a week of bars is too narrow to read there.
  const kind: RangeKind = isRangeKind(kindParam) ? kindParam : matchMedia('(max-width: 760px)').matches ? 'day' : 'week';
  const atParam = Date.parse(params.get('at') ?? '');
  const range = rangeAt(kind, Number.isNaN(atParam) ? Date.now() : atParam, zone);
  const setRange = (next: TimelineRange) =>
    setParams(
      (current) => {
        const updated = new URLSearchParams(current);
        updated.set('range', next.kind);
        updated.set('at', new Date(next.since).toISOString());
        return updated;
      },
      { replace: true },
    );
  return [range, setRange];
}

/** The schedule's timeline with its range controls, and the overrides in that range below it. */
export function ScheduleTimeline({ scheduleId, zone, canEdit, onPickRange, onPickOverride }: { scheduleId: string; zone: string; canEdit: boolean; onPickRange: (start: number, end: number) => void; onPickOverride: (override: Override) => void }) {
  const [range, setRange] = useRangeParam(zone);
  const rendered = useRender(scheduleId, range.since, range.until);
  const overrides = useOverrides(scheduleId, range.since, range.until);
  const error = rendered.error ?? overrides.error;
  return (
    <>
      <section className="card stack" aria-labelledby="timeline-title">
        <div className="card-header">
          <h2 id="timeline-title">Timeline</h2>
          <span className="muted">Times in {zone}</span>
        </div>
        <RangeControls
          range={range}
          zone={zone}
          onKind={(kind) => setRange(rangeAt(kind, Math.min(Math.max(Date.now(), range.since), range.until - 1), zone))}
          onStep={(direction) => setRange(shiftRange(range, direction, zone))}
          onToday={() => setRange(rangeAt(range.kind, Date.now(), zone))}
        />
        {error ? <ErrorNotice error={error} /> : null}
        {!error && (!rendered.data || !overrides.data) ? <Loading label="Loading the timeline" /> : null}
        {rendered.data && overrides.data ? (
          <div className={rendered.isPlaceholderData ? 'tl-stale' : undefined}>
            <Timeline rendered={rendered.data} overrides={overrides.data} range={range} zone={zone} actions={canEdit ? { onPickRange, onPickOverride } : {}} />
          </div>
        ) : null}
        {canEdit ? <p className="muted oc-note">Drag across the final schedule to override a stretch of it, or choose a shift to hand it to someone else.</p> : null}
      </section>
      <section className="card" aria-labelledby="overrides-title">
        <div className="card-header">
          <h2 id="overrides-title">Overrides in this range</h2>
        </div>
        {overrides.data ? <OverridesTable overrides={overrides.data} zone={zone} onRemove={canEdit ? onPickOverride : undefined} /> : null}
      </section>
    </>
  );
}
