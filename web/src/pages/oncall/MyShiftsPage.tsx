import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { useMe } from '../../app/session';
import { Empty, QueryState } from '../../ui/feedback';
import { Page } from '../../ui/page';
import { CalendarFeedButton } from './CalendarFeedButton';
import { type Shift, shiftsByDay } from './shift-days';
import { browserZone, formatAt, formatClock, formatLength } from './zoned-format';
import { startOfDay } from './zoned-time';
import './oncall.css';

const DAY = 86_400_000;

export function MyShiftsPage() {
  const me = useMe();
  const [days, setDays] = useState(14);
  const zone = browserZone();
  // From the start of today, so a shift on now shows too; the hour keeps the key still between renders.
  const since = startOfDay(Date.now(), zone);
  const shifts = useQuery({
    queryKey: ['my-shifts', since, days],
    queryFn: async () => (await unwrap(api.GET('/api/v1/me/oncall-shifts', { params: { query: { since: new Date(since).toISOString(), until: new Date(since + days * DAY).toISOString() } } }))).shifts,
  });
  const userId = me.data?.id;
  const actions = userId ? <CalendarFeedButton label="Subscribe in calendar" what="your on-call shifts in every schedule" issue={() => unwrap(api.POST('/api/v1/users/{id}/calendar-feed', { params: { path: { id: userId } }, body: {} }))} /> : undefined;
  return (
    <Page title="My on-call shifts" subtitle={`When you are on call in any schedule, overrides included. Times in ${zone}.`} actions={actions}>
      <div className="row oc-segmented" role="group" aria-label="How far ahead">
        {[14, 28].map((count) => (
          <button key={count} type="button" className="btn btn-small" aria-pressed={days === count} onClick={() => setDays(count)}>
            Next {count / 7} weeks
          </button>
        ))}
      </div>
      <QueryState query={shifts}>
        {(list) =>
          list.length === 0 ? (
            <Empty>You have no on-call shifts in the next {days / 7} weeks.</Empty>
          ) : (
            <div className="card oc-days">
              {shiftsByDay(list, zone).map((day) => (
                <section key={day.day} aria-label={day.label}>
                  <h2 className="oc-day">{day.label}</h2>
                  <ul className="oc-shifts">
                    {day.shifts.map((shift) => (
                      <ShiftRow key={`${shift.schedule_id}-${shift.start}`} shift={shift} />
                    ))}
                  </ul>
                </section>
              ))}
            </div>
          )
        }
      </QueryState>
    </Page>
  );
}

function ShiftRow({ shift }: { shift: Shift }) {
  const now = Date.now();
  const live = Date.parse(shift.start) <= now && now < Date.parse(shift.end);
  return (
    <li className="oc-shift">
      <span className="oc-shift-time">
        {formatClock(shift.start)} <span className="muted">→ {formatAt(shift.end)}</span>
      </span>
      <Link to={`/schedules/${shift.schedule_id}`}>{shift.schedule_name}</Link>
      <span className="muted">{formatLength(shift.start, shift.end)}</span>
      {live ? <span className="badge oc-live">on call now</span> : null}
    </li>
  );
}
