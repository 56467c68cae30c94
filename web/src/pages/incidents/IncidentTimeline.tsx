import { type FormEvent, type Ref, useState } from 'react';
import type { IncidentDetail, User } from '../../api/types';
import { Field, fieldError, FormError } from '../../ui/form';
import { Section } from '../../ui/page';
import { Time } from '../../ui/time';
import type { useIncidentActions } from './use-incident';

type Entry = IncidentDetail['timeline'][number];

function actorName(entry: Entry, users: Map<string, User>): string {
  switch (entry.actor_type) {
    case 'user':
      return (entry.actor_id && users.get(entry.actor_id)?.name) || 'a user';
    case 'api_key':
      return 'an API key';
    case 'integration':
      return 'an integration';
    default:
      return 'Vigil';
  }
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** Everything that happened, newest first, with a note box on top; the live stream keeps it current. */
export function IncidentTimeline({ timeline, users, note, canWrite, noteRef }: { timeline: Entry[]; users: Map<string, User>; note: ReturnType<typeof useIncidentActions>['note']; canWrite: boolean; noteRef: Ref<HTMLTextAreaElement> }) {
  const [text, setText] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    note.mutate(text, { onSuccess: () => setText('') });
  };
  const entries = [...timeline].reverse();
  return (
    <Section title="Timeline">
      {canWrite ? (
        <form className="form" onSubmit={submit}>
          <Field label="Note" hint="What you found, what you tried; everyone on the incident sees it." error={fieldError(note.error, 'text')}>
            {(props) => <textarea {...props} ref={noteRef} required maxLength={10_000} value={text} onChange={(e) => setText(e.target.value)} />}
          </Field>
          <FormError error={fieldError(note.error, 'text') ? null : note.error} />
          <div className="form-actions">
            <button type="submit" className="btn btn-primary" disabled={note.isPending || text.trim() === ''}>
              {note.isPending ? 'Adding…' : 'Add note'}
            </button>
          </div>
        </form>
      ) : null}
      <ol className="timeline" aria-label="Timeline, newest first">
        {entries.map((entry) => (
          <li key={entry.id} className={`timeline-${entry.type}`}>
            <span className="timeline-dot" aria-hidden="true" />
            <div>
              <p className="timeline-message">{entry.message}</p>
              <span className="timeline-by">
                {entry.type === 'note' ? `Note by ${actorName(entry, users)}` : capitalised(actorName(entry, users))} · <Time iso={entry.created_at} />
              </span>
            </div>
          </li>
        ))}
      </ol>
    </Section>
  );
}
