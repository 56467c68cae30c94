import { Tooltip } from 'radix-ui';
import { userColour } from './user-colour';
import { browserZone, formatLength, formatSpan } from './zoned-format';

export interface Bar {
  key: string;
  start: number;
  end: number;
  /** Null: a gap, nobody on call. */
  user: { id: string; name: string } | null;
  /** The user's hue on this timeline (see distinctHues). */
  hue?: number;
}

/** Where a bar sits on the track, in percent of the range, cut to it. */
export function placement(start: number, end: number, since: number, until: number) {
  const span = until - since;
  const left = ((Math.max(start, since) - since) / span) * 100;
  const right = ((Math.min(end, until) - since) / span) * 100;
  return { left: `${left}%`, width: `${Math.max(right - left, 0)}%` };
}

/**
 * One shift on the timeline: the person's colour and name, exact times (in the schedule's zone, and the viewer's
 * when it differs) in a tooltip on hover and focus. A button, so it is reachable by keyboard and can act.
 */
export function TimelineBar({ bar, since, until, zone, onActivate, actionHint }: { bar: Bar; since: number; until: number; zone: string; onActivate?: (bar: Bar) => void; actionHint?: string }) {
  const span = formatSpan(bar.start, bar.end, zone);
  const own = browserZone();
  const name = bar.user?.name ?? 'No one on call';
  const label = `${name}: ${span} (${zone})${actionHint ? `. ${actionHint}` : ''}`;
  return (
    <Tooltip.Root>
      <Tooltip.Trigger asChild>
        <button
          type="button"
          className={['tl-bar', bar.user ? '' : 'tl-gap', onActivate ? 'tl-bar-action' : ''].filter(Boolean).join(' ')}
          style={{ ...placement(bar.start, bar.end, since, until), ...(bar.user && userColour(bar.user.id, bar.hue)) }}
          aria-label={label}
          onClick={onActivate ? () => onActivate(bar) : undefined}
        >
          <span className="tl-bar-name" aria-hidden="true">
            {name}
          </span>
        </button>
      </Tooltip.Trigger>
      <Tooltip.Portal>
        <Tooltip.Content className="tl-tip" sideOffset={6} collisionPadding={8}>
          <strong>{name}</strong>
          <div>
            {span} <span className="muted">({zone})</span>
          </div>
          {own !== zone ? (
            <div className="muted">
              {formatSpan(bar.start, bar.end)} your time
            </div>
          ) : null}
          <div className="muted">{formatLength(bar.start, bar.end)}</div>
          {actionHint ? <div className="muted">{actionHint}</div> : null}
          <Tooltip.Arrow className="tl-tip-arrow" />
        </Tooltip.Content>
      </Tooltip.Portal>
    </Tooltip.Root>
  );
}
