import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, ApiError, unwrap } from '../../api/client';
import { Field, fieldError, FormError } from '../../ui/form';

/** Creates the organisation and its admin (POST /api/v1/setup), then signs the admin in with a session. */
export function AccountStep({ onDone }: { onDone: () => void }) {
  const [organization, setOrganization] = useState('');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const setup = useMutation({
    mutationFn: async () => {
      if (password !== confirm) throw new ApiError(400, 'validation_failed', 'The two passwords differ.', [{ field: 'confirm', message: 'does not match the password' }]);
      await unwrap(api.POST('/api/v1/setup', { body: { organization, email, password, ...(name.trim() ? { name } : {}) } }));
      await unwrap(api.POST('/api/v1/auth/login', { body: { email, password } }));
    },
    onSuccess: onDone,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setup.mutate();
  };
  return (
    <form className="form" onSubmit={submit}>
      <h2>Your organisation and your account</h2>
      <Field label="Organisation name" error={fieldError(setup.error, 'organization')}>
        {(props) => <input {...props} required value={organization} onChange={(e) => setOrganization(e.target.value)} autoComplete="organization" />}
      </Field>
      <Field label="Your name" error={fieldError(setup.error, 'name')}>
        {(props) => <input {...props} value={name} onChange={(e) => setName(e.target.value)} autoComplete="name" />}
      </Field>
      <Field label="E-mail" error={fieldError(setup.error, 'email')}>
        {(props) => <input {...props} type="email" required value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="username" />}
      </Field>
      <Field label="Password" hint="At least 12 characters." error={fieldError(setup.error, 'password')}>
        {(props) => <input {...props} type="password" required value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" />}
      </Field>
      <Field label="Confirm password" error={fieldError(setup.error, 'confirm')}>
        {(props) => <input {...props} type="password" required value={confirm} onChange={(e) => setConfirm(e.target.value)} autoComplete="new-password" />}
      </Field>
      <FormError error={setup.error} />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={setup.isPending}>
          {setup.isPending ? 'Creating…' : 'Create organisation'}
        </button>
      </div>
    </form>
  );
}
