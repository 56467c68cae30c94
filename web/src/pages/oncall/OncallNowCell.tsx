import { useOncallNow } from './schedules.queries';
import { userColour } from './user-colour';
import { formatAt } from './zoned-format';

/** Who a schedule has on call now, and until when (in the schedule's zone when given, else the viewer's). */
export function OncallNowCell({ scheduleId, zone }: { scheduleId: string; zone?: string }) {
  const oncall = useOncallNow(scheduleId);
  if (oncall.error) return <span className="muted">Unknown</span>;
  if (!oncall.data) return <span className="muted">…</span>;
  const [user] = oncall.data.users;
  if (!user) return <span className="oc-nobody">No one</span>;
  return (
    <span>
      <span className="oc-dot" style={userColour(user.id)} aria-hidden="true" /> <strong>{user.name}</strong>
      {oncall.data.until ? <span className="muted"> until {formatAt(oncall.data.until, zone)}</span> : null}
    </span>
  );
}
