import { type PointerEvent, useRef, useState } from 'react';
import { type Bar, placement, TimelineBar } from './TimelineBar';

interface Drag {
  pointerId: number;
  startX: number;
  left: number;
  width: number;
  moved: boolean;
}

/** The minimum travel, in CSS pixels, before a press becomes a range selection rather than a click. */
const DRAG_THRESHOLD = 5;

/**
 * One row's track: its bars, the "now" line and, when `onSelectRange` is given, a range picked by dragging across
 * it with any pointer (snapped to `snap` ms), which is how an override is drawn onto the final schedule.
 */
export function TimelineTrack({
  bars,
  since,
  until,
  zone,
  now,
  snap,
  onSelectRange,
  onActivate,
  actionHint,
}: {
  bars: Bar[];
  since: number;
  until: number;
  zone: string;
  now: number;
  snap: number;
  onSelectRange?: (start: number, end: number) => void;
  onActivate?: (bar: Bar) => void;
  actionHint?: string;
}) {
  const drag = useRef<Drag | null>(null);
  const justDragged = useRef(false);
  const [selection, setSelection] = useState<{ from: number; to: number } | null>(null);

  const timeAt = (x: number, state: Drag) => {
    const ratio = Math.min(Math.max((x - state.left) / state.width, 0), 1);
    return since + Math.round((ratio * (until - since)) / snap) * snap;
  };

  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    if (!onSelectRange || event.button !== 0) return;
    const rect = event.currentTarget.getBoundingClientRect();
    drag.current = { pointerId: event.pointerId, startX: event.clientX, left: rect.left, width: rect.width, moved: false };
    event.currentTarget.setPointerCapture(event.pointerId);
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    const state = drag.current;
    if (!state || state.pointerId !== event.pointerId) return;
    if (!state.moved && Math.abs(event.clientX - state.startX) < DRAG_THRESHOLD) return;
    state.moved = true;
    const [a, b] = [timeAt(state.startX, state), timeAt(event.clientX, state)];
    setSelection({ from: Math.min(a, b), to: Math.max(a, b) });
  };
  const finish = (event: PointerEvent<HTMLDivElement>, commit: boolean) => {
    const state = drag.current;
    if (!state || state.pointerId !== event.pointerId) return;
    drag.current = null;
    setSelection(null);
    if (!state.moved) return;
    justDragged.current = true;
    setTimeout(() => (justDragged.current = false), 0);
    const [a, b] = [timeAt(state.startX, state), timeAt(event.clientX, state)];
    if (commit && a !== b) onSelectRange?.(Math.min(a, b), Math.max(a, b));
  };

  const nowInside = now >= since && now < until;
  return (
    <div
      className={onSelectRange ? 'tl-track tl-selectable' : 'tl-track'}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={(event) => finish(event, true)}
      onPointerCancel={(event) => finish(event, false)}
    >
      {bars.map((bar) => (
        <TimelineBar
          key={bar.key}
          bar={bar}
          since={since}
          until={until}
          zone={zone}
          actionHint={actionHint}
          onActivate={onActivate && ((chosen) => !justDragged.current && onActivate(chosen))}
        />
      ))}
      {nowInside ? <div className="tl-now" style={{ left: placement(now, now, since, until).left }} aria-hidden="true" /> : null}
      {selection ? <div className="tl-selection" style={placement(selection.from, selection.to, since, until)} aria-hidden="true" /> : null}
    </div>
  );
}
