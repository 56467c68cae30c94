import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Dialog } from '../../ui/dialog';
import { Field, FormError } from '../../ui/form';
import { useToast } from '../../ui/toast';

/**
 * "Subscribe in calendar": makes a secret iCalendar URL (a new one replaces the old, so it says so first) and
 * shows it to copy or open in a calendar app.
 */
export function CalendarFeedButton({ label, what, issue }: { label: string; what: string; issue: () => Promise<{ url: string }> }) {
  const [open, setOpen] = useState(false);
  const toast = useToast();
  const feed = useMutation({ mutationFn: issue });
  const url = feed.data?.url;
  const close = () => {
    setOpen(false);
    feed.reset();
  };
  const copy = async () => {
    if (!url) return;
    await navigator.clipboard.writeText(url);
    toast('Calendar link copied.');
  };
  return (
    <>
      <button type="button" className="btn" onClick={() => setOpen(true)}>
        {label}
      </button>
      {open ? (
        <Dialog open onOpenChange={(next) => !next && close()} title={label} description={`A private link to ${what} that calendar apps (Google Calendar, Outlook, Apple Calendar) can subscribe to. Anyone with the link can read it.`}>
          <FormError error={feed.error} />
          {url ? (
            <>
              <Field label="Calendar link" hint="Shown once: keep it somewhere safe, or make a new one later.">
                {(props) => <input {...props} type="text" readOnly value={url} onFocus={(event) => event.target.select()} />}
              </Field>
              <div className="form-actions">
                <a className="btn" href={url.replace(/^https?:/, 'webcal:')}>
                  Open in calendar app
                </a>
                <button type="button" className="btn btn-primary" onClick={() => void copy()}>
                  Copy link
                </button>
              </div>
            </>
          ) : (
            <>
              <p className="muted">Making a link replaces any link made before: calendars subscribed to the old one stop updating.</p>
              <div className="form-actions">
                <button type="button" className="btn" onClick={close}>
                  Cancel
                </button>
                <button type="button" className="btn btn-primary" disabled={feed.isPending} onClick={() => feed.mutate()}>
                  {feed.isPending ? 'Making…' : 'Make link'}
                </button>
              </div>
            </>
          )}
        </Dialog>
      ) : null}
    </>
  );
}
