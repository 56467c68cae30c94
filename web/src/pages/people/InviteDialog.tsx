import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, unwrap } from '../../api/client';
import type { Answer } from '../../api/types';
import { Dialog } from '../../ui/dialog';
import { Field, fieldError, FormError } from '../../ui/form';
import { useToast } from '../../ui/toast';
import { CopyField } from '../settings/CopyField';
import type { Role } from './people.queries';
import { RoleSelect } from './RoleSelect';

type Created = Answer<'/api/v1/invitations', 'post'>;

const delivery: Record<Created['email_status'], string> = {
  sent: 'We e-mailed this link to them.',
  stored_in_mail_outbox: 'This Vigil sends no e-mail yet (no SMTP_URL), so the message waits in the mail outbox on the Organisation page: send them this link yourself.',
  failed: 'The invitation e-mail could not be sent: send them this link yourself.',
};

/** Invite by e-mail; the accept link is shown once, to copy, whatever happened to the e-mail. */
export function InviteDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('responder');
  const invite = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/invitations', { body: { email, role, ...(name.trim() && { name: name.trim() }) } })),
    onSuccess: async (created) => {
      toast(`Invitation for ${created.email} created.`);
      await queryClient.invalidateQueries({ queryKey: ['invitations'] });
    },
  });
  const close = (next: boolean) => {
    onOpenChange(next);
    if (!next) {
      invite.reset();
      setEmail('');
      setName('');
      setRole('responder');
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    invite.mutate();
  };
  const created = invite.data;
  return (
    <Dialog open={open} onOpenChange={close} title={created ? 'Invitation ready' : 'Invite someone'} description={created ? undefined : 'They choose their name and password when they open the link.'}>
      {created ? (
        <div className="stack">
          <p>
            <strong>{created.email}</strong> is invited as <strong>{created.role}</strong>, until <time dateTime={created.expires_at}>{new Date(created.expires_at).toLocaleString()}</time>.{' '}
            {delivery[created.email_status]}
          </p>
          <CopyField label="Accept link" value={created.accept_url} hint="Whoever opens this link can join as this user: share it only with them. It is not shown again." />
          <div className="form-actions">
            <button type="button" className="btn btn-primary" onClick={() => close(false)}>
              Done
            </button>
          </div>
        </div>
      ) : (
        <form className="form" onSubmit={submit}>
          <Field label="E-mail" error={fieldError(invite.error, 'email')}>
            {(props) => <input {...props} type="email" required autoComplete="off" value={email} onChange={(event) => setEmail(event.target.value)} />}
          </Field>
          <Field label="Name (optional)" hint="Suggested on their accept page; they can change it." error={fieldError(invite.error, 'name')}>
            {(props) => <input {...props} autoComplete="off" value={name} onChange={(event) => setName(event.target.value)} />}
          </Field>
          <RoleSelect value={role} onChange={setRole} error={fieldError(invite.error, 'role')} />
          <FormError error={invite.error} />
          <div className="form-actions">
            <button type="button" className="btn" onClick={() => close(false)}>
              Cancel
            </button>
            <button type="submit" className="btn btn-primary" disabled={invite.isPending}>
              {invite.isPending ? 'Inviting…' : 'Send invitation'}
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
