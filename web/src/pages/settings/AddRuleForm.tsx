import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, unwrap } from '../../api/client';
import { Field, fieldError, FormError } from '../../ui/form';
import { useToast } from '../../ui/toast';
import { type ContactMethod, contactTypeLabel, delayLabel, type Urgency } from './profile.queries';

const delays = [0, 1, 2, 3, 5, 10, 15, 20, 30, 45, 60, 120];

/** "Notify me <after N minutes> by <contact method>" for one urgency. */
export function AddRuleForm({ userId, urgency, methods }: { userId: string; urgency: Urgency; methods: ContactMethod[] }) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [delay, setDelay] = useState(0);
  const [methodId, setMethodId] = useState('');
  const chosen = methods.some((method) => method.id === methodId) ? methodId : (methods[0]?.id ?? '');
  const add = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/users/{userId}/notification-rules', { params: { path: { userId } }, body: { urgency, contact_method_id: chosen, delay_minutes: delay } })),
    onSuccess: async (rule) => {
      toast(`${urgency === 'high' ? 'High' : 'Low'}-urgency rule added: ${delayLabel(rule.delay_minutes).toLowerCase()}.`);
      await queryClient.invalidateQueries({ queryKey: ['notification-rules', userId] });
    },
  });
  if (methods.length === 0) return <p className="hint">Add a contact method above to add rules.</p>;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate();
  };
  const word = urgency === 'high' ? 'high-urgency' : 'low-urgency';
  return (
    <form className="stack" onSubmit={submit} aria-label={`Add a ${word} rule`}>
      <div className="inline-form">
        <Field label={`When (${word})`} error={fieldError(add.error, 'delay_minutes')}>
          {(props) => (
            <select {...props} value={delay} onChange={(event) => setDelay(Number(event.target.value))}>
              {delays.map((minutes) => (
                <option key={minutes} value={minutes}>
                  {delayLabel(minutes)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={`Notify by (${word})`} error={fieldError(add.error, 'contact_method_id')}>
          {(props) => (
            <select {...props} value={chosen} onChange={(event) => setMethodId(event.target.value)}>
              {methods.map((method) => (
                <option key={method.id} value={method.id}>
                  {contactTypeLabel(method.type)}: {method.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <button type="submit" className="btn" disabled={add.isPending}>
          {add.isPending ? 'Adding…' : 'Add rule'}
        </button>
      </div>
      <FormError error={add.error} />
    </form>
  );
}
