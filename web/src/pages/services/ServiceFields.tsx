import { Field, fieldError } from '../../ui/form';
import type { Policy } from './services-api';

export interface ServiceDraft {
  name: string;
  description: string;
  escalation_policy_id: string;
  urgency: 'high' | 'low' | 'severity_based';
}

const urgencyLabels: Record<ServiceDraft['urgency'], string> = {
  high: 'High',
  low: 'Low',
  severity_based: 'By severity (critical and error high, others low)',
};

/** The fields a service is created and edited with; errors are the server's, by field. */
export function ServiceFields({ draft, onChange, policies, error }: { draft: ServiceDraft; onChange: (draft: ServiceDraft) => void; policies: Policy[]; error: unknown }) {
  return (
    <>
      <Field label="Name" error={fieldError(error, 'name')}>
        {(props) => <input {...props} value={draft.name} onChange={(event) => onChange({ ...draft, name: event.target.value })} required maxLength={200} autoComplete="off" />}
      </Field>
      <Field label="Description" hint="What it is and who to ask about it." error={fieldError(error, 'description')}>
        {(props) => <textarea {...props} value={draft.description} onChange={(event) => onChange({ ...draft, description: event.target.value })} maxLength={2000} />}
      </Field>
      <Field label="Escalation policy" hint="Who is paged for its incidents. Without one, incidents open but nobody is paged." error={fieldError(error, 'escalation_policy_id')}>
        {(props) => (
          <select {...props} value={draft.escalation_policy_id} onChange={(event) => onChange({ ...draft, escalation_policy_id: event.target.value })}>
            <option value="">None</option>
            {policies.map((policy) => (
              <option key={policy.id} value={policy.id}>
                {policy.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Urgency" hint="Each person's notification rules say how high and low urgency incidents reach them." error={fieldError(error, 'urgency')}>
        {(props) => (
          <select {...props} value={draft.urgency} onChange={(event) => onChange({ ...draft, urgency: event.target.value as ServiceDraft['urgency'] })}>
            {Object.entries(urgencyLabels).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        )}
      </Field>
    </>
  );
}
