import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { api, unwrap } from '../../api/client';
import type { Body, Service } from '../../api/types';
import { Dialog } from '../../ui/dialog';
import { Field, fieldError, FormError } from '../../ui/form';
import { useToast } from '../../ui/toast';
import { severityOptions } from './incident-filters';

type NewIncident = Body<'/api/v1/incidents', 'post'>;

/** Opens an incident by hand (someone noticed before any monitor did), then shows it. */
export function NewIncidentDialog({ open, onOpenChange, services, defaultService }: { open: boolean; onOpenChange: (open: boolean) => void; services: Service[]; defaultService: string }) {
  const navigate = useNavigate();
  const toast = useToast();
  const queryClient = useQueryClient();
  const [title, setTitle] = useState('');
  const [chosenService, setServiceId] = useState(defaultService);
  const serviceId = chosenService || services[0]?.id || '';
  const [severity, setSeverity] = useState<NonNullable<NewIncident['severity']>>('critical');
  const [urgency, setUrgency] = useState<'' | 'high' | 'low'>('');
  const [details, setDetails] = useState('');
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/incidents', {
          body: { title, service_id: serviceId, severity, ...(urgency && { urgency }), ...(details.trim() && { details }) },
        }),
      ),
    onSuccess: (incident) => {
      toast(`Incident #${incident.number} opened.`);
      void queryClient.invalidateQueries({ queryKey: ['overview'] });
      onOpenChange(false);
      navigate(`/incidents/${incident.id}`);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title="New incident" description="Open an incident by hand; the service's escalation policy pages whoever is on call.">
      {services.length === 0 ? (
        <p className="notice">Create a service first: every incident belongs to one.</p>
      ) : (
        <form className="form" onSubmit={submit}>
          <Field label="Title" error={fieldError(create.error, 'title')}>
            {(props) => <input {...props} required maxLength={1024} value={title} onChange={(e) => setTitle(e.target.value)} placeholder="Checkout is failing for EU customers" />}
          </Field>
          <Field label="Service" error={fieldError(create.error, 'service_id')}>
            {(props) => (
              <select {...props} value={serviceId} onChange={(e) => setServiceId(e.target.value)}>
                {services.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <div className="row incident-form-row">
            <Field label="Severity" error={fieldError(create.error, 'severity')}>
              {(props) => (
                <select {...props} value={severity} onChange={(e) => setSeverity(e.target.value as typeof severity)}>
                  {severityOptions.map((s) => (
                    <option key={s} value={s}>
                      {s}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field label="Urgency" error={fieldError(create.error, 'urgency')}>
              {(props) => (
                <select {...props} value={urgency} onChange={(e) => setUrgency(e.target.value as typeof urgency)}>
                  <option value="">From the service</option>
                  <option value="high">High (pages)</option>
                  <option value="low">Low</option>
                </select>
              )}
            </Field>
          </div>
          <Field label="Details" hint="Optional: what you see, links, first steps taken." error={fieldError(create.error, 'details')}>
            {(props) => <textarea {...props} maxLength={10_000} value={details} onChange={(e) => setDetails(e.target.value)} />}
          </Field>
          <FormError error={create.error} />
          <div className="form-actions">
            <button type="button" className="btn" onClick={() => onOpenChange(false)}>
              Cancel
            </button>
            <button type="submit" className="btn btn-primary" disabled={create.isPending}>
              {create.isPending ? 'Opening…' : 'Open incident'}
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
