import { Tooltip } from 'radix-ui';
import { useEffect, useState } from 'react';
import type { Entry, Override, Rendered } from './schedules.queries';
import type { Bar } from './TimelineBar';
import { snapOf, ticksOf, type TimelineRange } from './timeline-range';
import { TimelineTrack } from './TimelineTrack';
import { distinctHues } from './user-colour';

/** The instant now, moved on each minute so the "now" line walks. */
function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

const toBar = (prefix: string) => (entry: Entry, index: number): Bar => ({ key: `${prefix}-${index}-${entry.start}`, start: Date.parse(entry.start), end: Date.parse(entry.end), user: entry.user });

/** The final schedule's bars, with the stretches where nobody is on call as gap bars. */
function withGaps(entries: Entry[], since: number, until: number): Bar[] {
  const bars: Bar[] = [];
  let cursor = since;
  entries.map(toBar('final')).forEach((bar) => {
    if (bar.start > cursor) bars.push({ key: `gap-${cursor}`, start: cursor, end: bar.start, user: null });
    bars.push(bar);
    cursor = Math.max(cursor, bar.end);
  });
  if (cursor < until) bars.push({ key: `gap-${cursor}`, start: cursor, end: until, user: null });
  return bars;
}

export interface TimelineActions {
  /** A range dragged across the final schedule, or a shift or gap of it chosen. */
  onPickRange?: (start: number, end: number) => void;
  /** An override bar chosen (to delete it). */
  onPickOverride?: (override: Override) => void;
}

/**
 * A schedule over a range as rows of bars: each layer, the overrides, and the final schedule (what pages
 * people). Wider than a phone: it scrolls sideways inside itself while the row labels stay put.
 */
export function Timeline({ rendered, overrides, range, zone, actions }: { rendered: Rendered; overrides: Override[]; range: TimelineRange; zone: string; actions: TimelineActions }) {
  const now = useNow();
  const { since, until } = range;
  const track = { since, until, zone, now, snap: snapOf(range.kind) };
  const ticks = ticksOf(range, zone);
  // Everyone on this timeline gets a colour no one else on it has.
  const hues = distinctHues([...rendered.final, ...overrides, ...rendered.layers.flatMap((layer) => layer.entries)].map((entry) => entry.user.id));
  const tint = (bars: Bar[]) => bars.map((bar) => (bar.user ? { ...bar, hue: hues.get(bar.user.id) } : bar));
  const overrideBars = overrides.map((override): Bar => ({ key: override.id, start: Date.parse(override.start), end: Date.parse(override.end), user: override.user }));
  const { onPickRange, onPickOverride } = actions;
  return (
    <Tooltip.Provider delayDuration={150}>
      <div className="tl-scroll">
        <div className={`tl tl-${range.kind}`}>
          <div className="tl-lines" aria-hidden="true">
            {ticks.map((tick) => (
              <span key={tick.at} className="tl-line" style={{ left: `${((tick.at - since) / (until - since)) * 100}%` }} />
            ))}
          </div>
          <div className="tl-row tl-head" aria-hidden="true">
            <div className="tl-label" />
            <div className="tl-track tl-ticks">
              {ticks.map((tick) => (
                <span key={tick.at} className={tick.major ? 'tl-tick tl-tick-major' : 'tl-tick'} style={{ left: `${((tick.at - since) / (until - since)) * 100}%` }}>
                  {tick.label}
                </span>
              ))}
            </div>
          </div>
          {rendered.layers.map((layer) => (
            <div className="tl-row" key={layer.id} role="group" aria-label={`Layer ${layer.name}`}>
              <div className="tl-label" title={layer.name}>
                {layer.name}
              </div>
              <TimelineTrack {...track} bars={tint(layer.entries.map(toBar(layer.id)))} />
            </div>
          ))}
          <div className="tl-row" role="group" aria-label="Overrides">
            <div className="tl-label">Overrides</div>
            <TimelineTrack
              {...track}
              bars={tint(overrideBars)}
              {...(onPickOverride && {
                actionHint: 'Choose to remove this override',
                onActivate: (bar: Bar) => {
                  const found = overrides.find((override) => override.id === bar.key);
                  if (found) onPickOverride(found);
                },
              })}
            />
          </div>
          <div className="tl-row tl-final" role="group" aria-label="Final schedule">
            <div className="tl-label">Final schedule</div>
            <TimelineTrack
              {...track}
              bars={tint(withGaps(rendered.final, since, until))}
              {...(onPickRange && {
                onSelectRange: onPickRange,
                actionHint: 'Choose to override this shift',
                onActivate: (bar: Bar) => onPickRange(Math.max(bar.start, since), bar.end),
              })}
            />
          </div>
        </div>
      </div>
    </Tooltip.Provider>
  );
}
