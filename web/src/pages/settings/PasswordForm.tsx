import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, unwrap } from '../../api/client';
import { Field, fieldError, FormError } from '../../ui/form';
import { Section } from '../../ui/page';
import { useToast } from '../../ui/toast';

/** Change the password: the current one, the new one twice; other browser sessions end. */
export function PasswordForm() {
  const toast = useToast();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const change = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/me/password', { body: { current_password: current, new_password: next } })),
    onSuccess: () => {
      toast('Password changed. Your other sessions have been signed out.');
      setCurrent('');
      setNext('');
      setConfirm('');
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setMismatch(next !== confirm);
    if (next === confirm) change.mutate();
  };
  return (
    <Section title="Password">
      <form className="form" onSubmit={submit} aria-label="Change password">
        <Field label="Current password" error={fieldError(change.error, 'current_password')}>
          {(props) => <input {...props} type="password" required autoComplete="current-password" value={current} onChange={(event) => setCurrent(event.target.value)} />}
        </Field>
        <Field label="New password" hint="At least 12 characters." error={fieldError(change.error, 'new_password')}>
          {(props) => <input {...props} type="password" required minLength={12} autoComplete="new-password" value={next} onChange={(event) => setNext(event.target.value)} />}
        </Field>
        <Field label="Confirm new password" error={mismatch ? 'The two new passwords differ.' : undefined}>
          {(props) => <input {...props} type="password" required autoComplete="new-password" value={confirm} onChange={(event) => setConfirm(event.target.value)} />}
        </Field>
        <FormError error={change.error} />
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={change.isPending}>
            {change.isPending ? 'Changing…' : 'Change password'}
          </button>
        </div>
      </form>
    </Section>
  );
}
