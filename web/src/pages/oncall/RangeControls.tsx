import { RANGE_KINDS, type RangeKind, rangeLabel, type TimelineRange } from './timeline-range';

/** Which stretch the timeline shows: its length, and previous / today / next. */
export function RangeControls({ range, zone, onKind, onStep, onToday }: { range: TimelineRange; zone: string; onKind: (kind: RangeKind) => void; onStep: (direction: 1 | -1) => void; onToday: () => void }) {
  return (
    <div className="tl-controls">
      <div className="row oc-segmented" role="group" aria-label="Range">
        {RANGE_KINDS.map(({ kind, label }) => (
          <button key={kind} type="button" className="btn btn-small" aria-pressed={range.kind === kind} onClick={() => onKind(kind)}>
            {label}
          </button>
        ))}
      </div>
      <div className="row">
        <button type="button" className="btn btn-small" onClick={() => onStep(-1)}>
          <span aria-hidden="true">‹</span> Previous
        </button>
        <button type="button" className="btn btn-small" onClick={onToday}>
          Today
        </button>
        <button type="button" className="btn btn-small" onClick={() => onStep(1)}>
          Next <span aria-hidden="true">›</span>
        </button>
        <strong className="tl-range-label" aria-live="polite">
          {rangeLabel(range, zone)}
        </strong>
      </div>
    </div>
  );
}
