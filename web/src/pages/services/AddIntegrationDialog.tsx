import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { Dialog } from '../../ui/dialog';
import { Field, fieldError, FormError } from '../../ui/form';
import { useToast } from '../../ui/toast';
import { catalogue, typeLabel } from './integration-catalogue';
import { IntegrationSetup } from './IntegrationSetup';
import { type CreatedIntegration, serviceKeys } from './services-api';
import { TypeSettings, type TypeDraft, settingsOf } from './TypeSettings';

/**
 * Adds an integration: pick a type from the catalogue (with what each is for), give the settings it needs, then
 * see its URL, key, setup instructions and any secret made up for it (shown this once).
 */
export function AddIntegrationDialog({ serviceId, open, onOpenChange }: { serviceId: string; open: boolean; onOpenChange: (open: boolean) => void }) {
  const [type, setType] = useState('events_api_v2');
  const [name, setName] = useState('');
  const [draft, setDraft] = useState<TypeDraft>({});
  const [created, setCreated] = useState<CreatedIntegration>();
  const queryClient = useQueryClient();
  const toast = useToast();
  const create = useMutation({
    mutationFn: () => {
      const settings = settingsOf(type, draft);
      return unwrap(api.POST('/api/v1/services/{id}/integrations', { params: { path: { id: serviceId } }, body: { type, ...(name.trim() && { name: name.trim() }), ...(settings && { settings }) } }));
    },
    onSuccess: (integration) => {
      void queryClient.invalidateQueries({ queryKey: serviceKeys.integrations(serviceId) });
      toast(`${typeLabel(integration.type)} integration added`);
      setCreated(integration);
    },
  });
  const close = (next: boolean) => {
    if (!next) {
      setCreated(undefined);
      setName('');
      setDraft({});
      create.reset();
    }
    onOpenChange(next);
  };
  return (
    <Dialog open={open} onOpenChange={close} title={created ? `${created.name} is ready` : 'Add an integration'} description={created ? 'Point the sending tool at this URL with this key.' : undefined}>
      {created ? (
        <div className="stack">
          <IntegrationSetup integration={created} revealKey />
          {Object.entries(created.generated_secrets).map(([field, secret]) => (
            <div key={field} className="notice" role="note">
              <strong>{field}</strong> (shown only now, copy it): <code className="svc-key">{secret}</code>
            </div>
          ))}
          <div className="form-actions">
            <button type="button" className="btn btn-primary" onClick={() => close(false)}>
              Done
            </button>
          </div>
        </div>
      ) : (
        <form
          className="form"
          onSubmit={(event) => {
            event.preventDefault();
            create.mutate();
          }}
        >
          <fieldset className="svc-catalogue">
            <legend>Type</legend>
            {catalogue.map((entry) => (
              <label key={entry.type} className={entry.type === type ? 'svc-choice selected' : 'svc-choice'}>
                <input type="radio" name="integration-type" value={entry.type} checked={entry.type === type} onChange={() => setType(entry.type)} />
                <span>
                  <strong>{entry.label}</strong>
                  <span className="muted svc-choice-text">{entry.description}</span>
                </span>
              </label>
            ))}
          </fieldset>
          {fieldError(create.error, 'type') ? <div className="field-error">{fieldError(create.error, 'type')}</div> : null}
          <Field label="Name (optional)" hint="Defaults to the type's name." error={fieldError(create.error, 'name')}>
            {(props) => <input {...props} value={name} onChange={(event) => setName(event.target.value)} maxLength={200} autoComplete="off" />}
          </Field>
          <TypeSettings type={type} draft={draft} onChange={setDraft} error={create.error} />
          <FormError error={create.error} />
          <div className="form-actions">
            <button type="button" className="btn" onClick={() => close(false)}>
              Cancel
            </button>
            <button type="submit" className="btn btn-primary" disabled={create.isPending}>
              {create.isPending ? 'Adding…' : 'Add integration'}
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
