import { type FormEvent, useState } from 'react';
import { Dialog } from '../../ui/dialog';
import { Field, FormError } from '../../ui/form';
import { useToast } from '../../ui/toast';
import { errorAt } from './field-errors';
import { type OrgUser, useCreateOverride } from './schedules.queries';
import { fromInputValue, toInputValue } from './zoned-time';

export interface OverrideDraft {
  start: number;
  end: number;
}

/** Puts someone on call instead of the layers for a while; opened prefilled by a drag on the timeline, or empty. */
export function OverrideDialog({ scheduleId, zone, users, draft, onClose }: { scheduleId: string; zone: string; users: OrgUser[]; draft: OverrideDraft; onClose: () => void }) {
  const create = useCreateOverride(scheduleId);
  const toast = useToast();
  const [userId, setUserId] = useState('');
  const [start, setStart] = useState(() => toInputValue(new Date(draft.start).toISOString(), zone));
  const [end, setEnd] = useState(() => toInputValue(new Date(draft.end).toISOString(), zone));
  const [missingUser, setMissingUser] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setMissingUser(!userId);
    if (!userId) return;
    create.mutate(
      { user_id: userId, start: fromInputValue(start, zone), end: fromInputValue(end, zone) },
      {
        onSuccess: (created) => {
          toast(`Override added: ${created.user.name} is on call instead.`);
          onClose();
        },
      },
    );
  };

  return (
    <Dialog open onOpenChange={(open) => !open && onClose()} title="Add an override" description={`Who is on call instead of every layer, in ${zone} time.`}>
      <form className="form" onSubmit={submit} noValidate>
        <FormError error={create.error} />
        <Field label="Who" error={missingUser ? 'Choose who is on call.' : errorAt(create.error, 'user_id')}>
          {(props) => (
            <select {...props} value={userId} onChange={(event) => setUserId(event.target.value)} required autoFocus>
              <option value="">Choose a person…</option>
              {users.map((user) => (
                <option key={user.id} value={user.id}>
                  {user.name} ({user.email})
                </option>
              ))}
            </select>
          )}
        </Field>
        <div className="oc-two">
          <Field label="Starts" hint={zone} error={errorAt(create.error, 'start')}>
            {(props) => <input {...props} type="datetime-local" value={start} onChange={(event) => setStart(event.target.value)} required />}
          </Field>
          <Field label="Ends" hint={zone} error={errorAt(create.error, 'end')}>
            {(props) => <input {...props} type="datetime-local" value={end} onChange={(event) => setEnd(event.target.value)} required />}
          </Field>
        </div>
        <div className="form-actions">
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={create.isPending}>
            {create.isPending ? 'Saving…' : 'Add override'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
