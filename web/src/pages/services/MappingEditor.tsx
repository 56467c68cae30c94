import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { Field, fieldError, FormError } from '../../ui/form';
import { useToast } from '../../ui/toast';
import { type IntegrationView, serviceKeys } from './services-api';

const fields = [
  { name: 'summary', label: 'Summary', hint: 'Required, e.g. title' },
  { name: 'severity', label: 'Severity', hint: 'critical, error, warning or info; words like P1, high or warn are understood' },
  { name: 'dedup_key', label: 'Dedup key', hint: 'Events with the same key update the same alert' },
  { name: 'action', label: 'Action', hint: 'trigger (default), acknowledge or resolve' },
  { name: 'source', label: 'Source', hint: 'The host or system affected' },
  { name: 'component', label: 'Component', hint: '' },
  { name: 'links', label: 'Links', hint: 'A URL, {href, text}, or an array of them' },
] as const;

type Mapping = Partial<Record<(typeof fields)[number]['name'], string>>;

const sample = JSON.stringify({ title: 'Disk 95% full on db-1', level: 'critical', host: 'db-1', status: 'firing' }, null, 2);

function mappingOf(integration: IntegrationView): Mapping {
  const stored = integration.settings['mapping'];
  if (!stored || typeof stored !== 'object') return { summary: 'title' };
  return Object.fromEntries(Object.entries(stored).filter(([, value]) => typeof value === 'string')) as Mapping;
}

/** A generic webhook's JSONata mapping: edit it, try it on a sample body (nothing stored), save it. */
export function MappingEditor({ integration, writable }: { integration: IntegrationView; writable: boolean }) {
  const [mapping, setMapping] = useState<Mapping>(() => mappingOf(integration));
  const [body, setBody] = useState(sample);
  const queryClient = useQueryClient();
  const toast = useToast();
  const clean = () => ({ summary: mapping.summary ?? '', ...Object.fromEntries(Object.entries(mapping).filter(([key, value]) => key !== 'summary' && value?.trim())) });
  const test = useMutation({
    mutationFn: () => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        throw new Error('The sample body is not valid JSON.');
      }
      return unwrap(api.POST('/api/v1/integrations/{id}/test-mapping', { params: { path: { id: integration.id } }, body: { body: parsed, mapping: clean() } }));
    },
  });
  const save = useMutation({
    mutationFn: () => {
      const defaultSeverity = integration.settings['default_severity'];
      return unwrap(api.PATCH('/api/v1/integrations/{id}', { params: { path: { id: integration.id } }, body: { settings: { mapping: clean(), ...(typeof defaultSeverity === 'string' && { default_severity: defaultSeverity }) } } }));
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: serviceKeys.integrations(integration.service_id) });
      toast('Mapping saved');
    },
  });
  return (
    <div className="stack svc-mapping">
      <p className="muted">JSONata expressions over the JSON body the tool posts. Empty fields are left out.</p>
      <div className="svc-mapping-grid">
        {fields.map((field) => (
          <Field key={field.name} label={field.label} hint={field.hint || undefined} error={fieldError(save.error, field.name) ?? fieldError(test.error, field.name)}>
            {(props) => <input {...props} className="svc-mono" value={mapping[field.name] ?? ''} readOnly={!writable} onChange={(event) => setMapping({ ...mapping, [field.name]: event.target.value })} spellCheck={false} autoComplete="off" />}
          </Field>
        ))}
      </div>
      <Field label="Sample body (JSON)" error={fieldError(test.error, 'body')}>
        {(props) => <textarea {...props} className="svc-mono" rows={6} value={body} onChange={(event) => setBody(event.target.value)} spellCheck={false} />}
      </Field>
      <div className="row">
        <button type="button" className="btn" disabled={test.isPending} onClick={() => test.mutate()}>
          {test.isPending ? 'Testing…' : 'Test mapping'}
        </button>
        {writable ? (
          <button type="button" className="btn btn-primary" disabled={save.isPending} onClick={() => save.mutate()}>
            {save.isPending ? 'Saving…' : 'Save mapping'}
          </button>
        ) : null}
      </div>
      <FormError error={test.error ?? save.error} />
      {test.data ? (
        <div className="stack" role="status" aria-live="polite">
          <div className={test.data.valid ? 'notice notice-ok' : 'notice notice-error'}>{test.data.valid ? 'The sample maps to this event:' : 'The sample does not map to an event:'}</div>
          {test.data.errors.length > 0 ? (
            <ul className="svc-list">
              {test.data.errors.map((error) => (
                <li key={error.field}>
                  <code>{error.field}</code>: {error.message}
                </li>
              ))}
            </ul>
          ) : null}
          {test.data.warnings.length > 0 ? (
            <ul className="svc-list muted">
              {test.data.warnings.map((warning) => (
                <li key={warning}>{warning}</li>
              ))}
            </ul>
          ) : null}
          {test.data.event ? (
            <figure className="svc-snippet" aria-label="The mapped event">
              <pre tabIndex={0}>{JSON.stringify(test.data.event, null, 2)}</pre>
            </figure>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
