import { useState } from 'react';
import { useMe } from '../../app/session';
import { QueryState } from '../../ui/feedback';
import { Section } from '../../ui/page';
import { Time } from '../../ui/time';
import { useEscalation, useNotificationsSent, useRecentChanges, useViewers } from './use-incident';

/** Who is paged and when the next level is: the responders of the incident. */
export function EscalationSection({ id }: { id: string }) {
  const query = useEscalation(id);
  return (
    <Section title="Escalation">
      <QueryState query={query}>
        {(escalation) =>
          escalation === null ? (
            <p className="muted">No escalation policy on this service: nobody is paged automatically.</p>
          ) : (
            <div className="stack">
              <dl className="facts">
                <dt>Level</dt>
                <dd>
                  {escalation.level} of {escalation.levels}
                  {escalation.loop > 0 ? ` (round ${escalation.loop + 1})` : ''}
                </dd>
                <dt>Status</dt>
                <dd>{escalation.status === 'active' ? 'Escalating' : 'Stopped'}</dd>
                <dt>Next escalation</dt>
                <dd>{escalation.next_escalation_at ? <Time iso={escalation.next_escalation_at} /> : 'None'}</dd>
              </dl>
              <h3>Responders</h3>
              {escalation.assignees.length === 0 ? (
                <p className="muted">Nobody is assigned.</p>
              ) : (
                <ul className="plain-list">
                  {escalation.assignees.map((user) => (
                    <li key={user.id}>
                      {user.name} <span className="muted">{user.email}</span>
                    </li>
                  ))}
                </ul>
              )}
            </div>
          )
        }
      </QueryState>
    </Section>
  );
}

export function ViewersSection({ id }: { id: string }) {
  const viewers = useViewers(id);
  const me = useMe().data?.id;
  return (
    <Section title="Looking now">
      {viewers.every((viewer) => viewer.user_id === me) ? (
        <p className="muted">Nobody else has it open.</p>
      ) : (
        <ul className="plain-list" aria-live="polite">
          {viewers.map((viewer) => (
            <li key={viewer.user_id}>
              {viewer.name}
              {viewer.user_id === me ? <span className="muted"> (you)</span> : null}
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

/** Deploys and config changes shortly before the incident opened: the usual suspects. */
export function ChangesSection({ id }: { id: string }) {
  const [scope, setScope] = useState<'service' | 'organization'>('service');
  const query = useRecentChanges(id, scope);
  const toggle = (
    <button type="button" className="btn btn-ghost btn-small" onClick={() => setScope(scope === 'service' ? 'organization' : 'service')}>
      {scope === 'service' ? 'Show every service' : 'Only this service'}
    </button>
  );
  return (
    <Section title="Recent changes" actions={toggle}>
      <QueryState query={query}>
        {(answer) =>
          answer.changes.length === 0 ? (
            <p className="muted">
              No changes {scope === 'service' ? 'on this service' : 'anywhere'} in the {answer.window.minutes} minutes before it opened.
            </p>
          ) : (
            <ul className="plain-list">
              {answer.changes.map((change) => (
                <li key={change.id}>
                  <strong>{change.summary}</strong>
                  <div className="timeline-by">
                    {change.source ? `${change.source} · ` : ''}
                    <Time iso={change.timestamp} />
                  </div>
                </li>
              ))}
            </ul>
          )
        }
      </QueryState>
    </Section>
  );
}

/** The delivery log: each notification, to whom, how, and whether it went out. */
export function NotificationsSection({ id, open }: { id: string; open: boolean }) {
  const query = useNotificationsSent(id, open);
  return (
    <Section title="Notifications sent">
      <QueryState query={query}>
        {(notifications) =>
          notifications.length === 0 ? (
            <p className="muted">None yet.</p>
          ) : (
            <ul className="plain-list">
              {notifications.map((n) => (
                <li key={n.id}>
                  <strong>{n.user.name ?? n.user.email ?? 'A user'}</strong> by {n.channel} <span className="muted">({n.address})</span>
                  <div className="timeline-by">
                    {n.status} · level {n.level} · {n.sent_at ? <Time iso={n.sent_at} /> : <Time iso={n.due_at} />}
                    {n.attempts.length > 1 ? ` · ${n.attempts.length} attempts` : ''}
                  </div>
                  {n.last_error ? <div className="field-error">{n.last_error}</div> : null}
                </li>
              ))}
            </ul>
          )
        }
      </QueryState>
    </Section>
  );
}
