import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api, unwrap } from '../../api/client';
import { Field, fieldError, FormError } from '../../ui/form';
import { Section } from '../../ui/page';
import { useToast } from '../../ui/toast';
import { ConfirmDialog } from './ConfirmDialog';
import { type ServiceDraft, ServiceFields } from './ServiceFields';
import { type ServiceView, serviceKeys, usePolicies } from './services-api';
import { SlackChannels } from './SlackChannels';

/** Edit the service (name, description, policy, urgency, status); delete it (admins). */
export function ServiceSettings({ service, writable, admin }: { service: ServiceView; writable: boolean; admin: boolean }) {
  const policies = usePolicies();
  const [draft, setDraft] = useState<ServiceDraft>({ name: service.name, description: service.description, escalation_policy_id: service.escalation_policy_id ?? '', urgency: service.urgency });
  const [status, setStatus] = useState(service.status);
  const [deleting, setDeleting] = useState(false);
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const toast = useToast();
  const save = useMutation({
    mutationFn: () =>
      unwrap(
        api.PATCH('/api/v1/services/{id}', {
          params: { path: { id: service.id } },
          body: { name: draft.name, description: draft.description, escalation_policy_id: draft.escalation_policy_id || null, urgency: draft.urgency, status },
        }),
      ),
    onSuccess: (saved) => {
      queryClient.setQueryData(serviceKeys.one(service.id), saved);
      void queryClient.invalidateQueries({ queryKey: ['services'] });
      void queryClient.invalidateQueries({ queryKey: ['escalation-policies', 'services'] }); // which services each policy pages for
      toast('Service saved');
    },
  });
  const remove = useMutation({
    mutationFn: () => unwrap(api.DELETE('/api/v1/services/{id}', { params: { path: { id: service.id } } })),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: serviceKeys.one(service.id) });
      void queryClient.invalidateQueries({ queryKey: ['services'] });
      void queryClient.invalidateQueries({ queryKey: ['escalation-policies', 'services'] }); // which services each policy pages for
      toast(`Service ${service.name} deleted`);
      void navigate('/services');
    },
  });
  return (
    <div className="stack">
      <Section title="Settings">
        <form
          className="form"
          onSubmit={(event) => {
            event.preventDefault();
            save.mutate();
          }}
        >
          <fieldset className="svc-plain-fieldset" disabled={!writable}>
            <legend className="sr-only">Service settings</legend>
            <div className="form">
              <ServiceFields draft={draft} onChange={setDraft} policies={policies.data ?? []} error={save.error} />
              <Field label="Status" hint="A disabled service keeps its events but opens no incident." error={fieldError(save.error, 'status')}>
                {(props) => (
                  <select {...props} value={status} onChange={(event) => setStatus(event.target.value as ServiceView['status'])}>
                    <option value="active">Active</option>
                    <option value="disabled">Disabled</option>
                  </select>
                )}
              </Field>
            </div>
          </fieldset>
          <FormError error={save.error} />
          {writable ? (
            <div className="form-actions">
              <button type="submit" className="btn btn-primary" disabled={save.isPending}>
                {save.isPending ? 'Saving…' : 'Save changes'}
              </button>
            </div>
          ) : null}
        </form>
      </Section>
      <SlackChannels serviceId={service.id} writable={writable} />
      {admin ? (
        <Section title="Delete this service">
          <p className="muted">Deletes the service and its integrations: their keys stop working. Its past incidents stay.</p>
          <div>
            <button type="button" className="btn btn-danger" onClick={() => setDeleting(true)}>
              Delete service
            </button>
          </div>
          <ConfirmDialog
            open={deleting}
            onOpenChange={(open) => {
              if (!open) remove.reset();
              setDeleting(open);
            }}
            title={`Delete ${service.name}?`}
            confirmLabel="Delete service"
            onConfirm={() => remove.mutate()}
            pending={remove.isPending}
            error={remove.error}
          >
            <p>Its integrations are deleted with it and their keys stop working at once. This cannot be undone.</p>
          </ConfirmDialog>
        </Section>
      ) : null}
    </div>
  );
}
