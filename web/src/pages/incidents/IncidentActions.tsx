import { type FormEvent, useState } from 'react';
import type { IncidentDetail } from '../../api/types';
import { Dialog } from '../../ui/dialog';
import { Field, FormError } from '../../ui/form';
import { useEscalation, type useIncidentActions } from './use-incident';
import { useUsers } from './use-directory';

type Actions = ReturnType<typeof useIncidentActions>;

/** Acknowledge and Resolve first and large (they are what a phone at 3 a.m. is for), then the rest. */
export function IncidentActions({ incident, actions, onAddNote }: { incident: IncidentDetail; actions: Actions; onAddNote: () => void }) {
  const [dialog, setDialog] = useState<'escalate' | 'reassign' | null>(null);
  const open = incident.status !== 'resolved';
  // Escalating and reassigning page people: the server does it only for an incident nobody has acknowledged.
  const triggered = incident.status === 'triggered';
  const busy = actions.acknowledge.isPending || actions.resolve.isPending;
  return (
    <div className="stack">
      <div className="incident-actions" role="group" aria-label="Incident actions">
        {triggered ? (
          <button type="button" className="btn btn-primary" disabled={busy} onClick={() => actions.acknowledge.mutate()}>
            {actions.acknowledge.isPending ? 'Acknowledging…' : 'Acknowledge'}
          </button>
        ) : null}
        {open ? (
          <button type="button" className="btn btn-resolve" disabled={busy} onClick={() => actions.resolve.mutate()}>
            {actions.resolve.isPending ? 'Resolving…' : 'Resolve'}
          </button>
        ) : null}
        {triggered ? (
          <button type="button" className="btn" onClick={() => setDialog('escalate')}>
            Escalate
          </button>
        ) : null}
        {triggered ? (
          <button type="button" className="btn" onClick={() => setDialog('reassign')}>
            Reassign
          </button>
        ) : null}
        <button type="button" className="btn" onClick={onAddNote}>
          Add note
        </button>
      </div>
      <FormError error={actions.acknowledge.error ?? actions.resolve.error} />
      {dialog === 'escalate' ? <EscalateDialog id={incident.id} actions={actions} onClose={() => setDialog(null)} /> : null}
      {dialog === 'reassign' ? <ReassignDialog id={incident.id} actions={actions} onClose={() => setDialog(null)} /> : null}
    </div>
  );
}

function EscalateDialog({ id, actions, onClose }: { id: string; actions: Actions; onClose: () => void }) {
  const escalation = useEscalation(id).data;
  const [level, setLevel] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    actions.escalate.mutate(level ? Number(level) : undefined, { onSuccess: onClose });
  };
  const levels = escalation?.levels ?? 0;
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()} title="Escalate" description="Page the next level of the escalation policy now, without waiting for its timeout.">
      <form className="form" onSubmit={submit}>
        {escalation ? (
          <p className="muted">
            Now at level {escalation.level} of {escalation.levels}.
          </p>
        ) : (
          <p className="notice">This incident's service has no escalation policy; escalating will say why it cannot.</p>
        )}
        <Field label="Level">
          {(props) => (
            <select {...props} value={level} onChange={(e) => setLevel(e.target.value)}>
              <option value="">The next level</option>
              {Array.from({ length: levels }, (_, index) => (
                <option key={index} value={index + 1}>
                  Level {index + 1}
                </option>
              ))}
            </select>
          )}
        </Field>
        <FormError error={actions.escalate.error} />
        <div className="form-actions">
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={actions.escalate.isPending}>
            {actions.escalate.isPending ? 'Escalating…' : 'Escalate'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function ReassignDialog({ id, actions, onClose }: { id: string; actions: Actions; onClose: () => void }) {
  const { users, query } = useUsers();
  const current = useEscalation(id).data?.assignees.map((user) => user.id) ?? [];
  const [chosen, setChosen] = useState<Set<string> | null>(null);
  const picked = chosen ?? new Set(current);
  const flip = (userId: string) => {
    const next = new Set(picked);
    if (next.has(userId)) next.delete(userId);
    else next.add(userId);
    setChosen(next);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    actions.reassign.mutate([...picked], { onSuccess: onClose });
  };
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()} title="Reassign" description="Assign the incident to these people: they are notified, and the escalation policy stops.">
      <form className="form" onSubmit={submit}>
        <fieldset className="user-choices">
          <legend className="sr-only">People</legend>
          {query.isPending ? <p className="muted">Loading people…</p> : null}
          {users
            .filter((user) => user.role !== 'observer')
            .map((user) => (
              <label key={user.id} className="check">
                <input type="checkbox" checked={picked.has(user.id)} onChange={() => flip(user.id)} /> {user.name} <span className="muted">{user.email}</span>
              </label>
            ))}
        </fieldset>
        <FormError error={actions.reassign.error ?? query.error} />
        <div className="form-actions">
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={actions.reassign.isPending || picked.size === 0}>
            {actions.reassign.isPending ? 'Reassigning…' : `Reassign to ${picked.size} ${picked.size === 1 ? 'person' : 'people'}`}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
