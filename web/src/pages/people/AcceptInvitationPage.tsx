import '../settings/settings.css';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, ApiError, unwrap } from '../../api/client';
import type { Answer } from '../../api/types';
import { Loading } from '../../ui/feedback';
import { Field, fieldError, FormError } from '../../ui/form';

type Preview = Answer<'/api/v1/invitations/accept/{token}', 'get'>;

/** The public page an invitation link opens: choose a name and password, and arrive signed in. */
export function AcceptInvitationPage() {
  const { token = '' } = useParams();
  useEffect(() => {
    document.title = 'Join · Vigil';
  }, []);
  const preview = useQuery({ queryKey: ['invitation-preview', token], queryFn: () => unwrap(api.GET('/api/v1/invitations/accept/{token}', { params: { path: { token } } })), retry: false, staleTime: Infinity });
  return (
    <main className="centered-page">
      <div className="card auth-card">
        <h1>
          <span className="brand-dot" aria-hidden="true" /> Join Vigil
        </h1>
        {preview.error ? <Unusable error={preview.error} /> : preview.data ? <AcceptForm token={token} preview={preview.data} /> : <Loading label="Opening the invitation" />}
      </div>
    </main>
  );
}

function Unusable({ error }: { error: unknown }) {
  const alreadyUsed = error instanceof ApiError && error.status === 409;
  return (
    <>
      <div className="notice notice-error" role="alert">
        {error instanceof Error ? error.message : 'This invitation cannot be used.'}
      </div>
      <p>
        {alreadyUsed ? 'Already have an account? ' : 'Have an account already? '}
        <Link to="/login">Sign in</Link>
      </p>
    </>
  );
}

function AcceptForm({ token, preview }: { token: string; preview: Preview }) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [name, setName] = useState(preview.name ?? '');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const accept = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/invitations/accept/{token}', { params: { path: { token } }, body: { name, password } })),
    onSuccess: (answer) => {
      queryClient.setQueryData(['me'], answer.user);
      navigate('/incidents', { replace: true });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setMismatch(password !== confirm);
    if (password === confirm) accept.mutate();
  };
  return (
    <form className="form" onSubmit={submit} aria-label="Accept the invitation">
      <p>
        You are invited to <strong>{preview.organization_name}</strong> as <strong>{preview.role}</strong>, with the e-mail address <strong>{preview.email}</strong>. Choose your name and a password to join.
      </p>
      <Field label="Your name" error={fieldError(accept.error, 'name')}>
        {(props) => <input {...props} required autoComplete="name" maxLength={200} value={name} onChange={(event) => setName(event.target.value)} />}
      </Field>
      <input type="email" hidden readOnly autoComplete="username" value={preview.email} />
      <Field label="Password" hint="At least 12 characters." error={fieldError(accept.error, 'password')}>
        {(props) => <input {...props} type="password" required minLength={12} autoComplete="new-password" value={password} onChange={(event) => setPassword(event.target.value)} />}
      </Field>
      <Field label="Confirm password" error={mismatch ? 'The two passwords differ.' : undefined}>
        {(props) => <input {...props} type="password" required autoComplete="new-password" value={confirm} onChange={(event) => setConfirm(event.target.value)} />}
      </Field>
      <FormError error={accept.error} />
      <button type="submit" className="btn btn-primary btn-block" disabled={accept.isPending}>
        {accept.isPending ? 'Joining…' : `Join ${preview.organization_name}`}
      </button>
    </form>
  );
}
