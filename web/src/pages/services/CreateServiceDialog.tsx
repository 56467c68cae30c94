import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api, unwrap } from '../../api/client';
import { Dialog } from '../../ui/dialog';
import { FormError } from '../../ui/form';
import { useToast } from '../../ui/toast';
import { type ServiceDraft, ServiceFields } from './ServiceFields';
import type { Policy } from './services-api';

const blank: ServiceDraft = { name: '', description: '', escalation_policy_id: '', urgency: 'high' };

/** Creates a service, then opens its page on the integrations tab: the next thing to do is to send it alerts. */
export function CreateServiceDialog({ open, onOpenChange, policies }: { open: boolean; onOpenChange: (open: boolean) => void; policies: Policy[] }) {
  const [draft, setDraft] = useState(blank);
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const toast = useToast();
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/services', {
          body: { name: draft.name, description: draft.description, escalation_policy_id: draft.escalation_policy_id || null, urgency: draft.urgency },
        }),
      ),
    onSuccess: (service) => {
      void queryClient.invalidateQueries({ queryKey: ['services'] });
      void queryClient.invalidateQueries({ queryKey: ['escalation-policies', 'services'] }); // which services each policy pages for
      toast(`Service ${service.name} created`);
      setDraft(blank);
      onOpenChange(false);
      void navigate(`/services/${service.id}?tab=integrations`);
    },
  });
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (!next) create.reset();
        onOpenChange(next);
      }}
      title="New service"
      description="A service is something you run: alerts arrive on its integrations and page its escalation policy."
    >
      <form
        className="form"
        onSubmit={(event) => {
          event.preventDefault();
          create.mutate();
        }}
      >
        <ServiceFields draft={draft} onChange={setDraft} policies={policies} error={create.error} />
        <FormError error={create.error} />
        <div className="form-actions">
          <button type="button" className="btn" onClick={() => onOpenChange(false)}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary" disabled={create.isPending}>
            {create.isPending ? 'Creating…' : 'Create service'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
