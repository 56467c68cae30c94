import { useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { Empty, QueryState } from '../../ui/feedback';
import { Section } from '../../ui/page';
import { AddRuleForm } from './AddRuleForm';
import { ConfirmButton } from './ConfirmButton';
import { type ContactMethod, contactTypeLabel, delayLabel, type NotificationRule, type Urgency, useContactMethods, useNotificationRules } from './profile.queries';

const urgencies: Array<{ value: Urgency; title: string; hint: string }> = [
  { value: 'high', title: 'High-urgency notifications', hint: 'Incidents of high-urgency services (on severity-based ones: critical and error).' },
  { value: 'low', title: 'Low-urgency notifications', hint: 'Incidents of low-urgency services (on severity-based ones: warning and info).' },
];

/** When and how Vigil notifies the user after an incident is assigned to them, per urgency. */
export function NotificationRules({ userId }: { userId: string }) {
  const rules = useNotificationRules(userId);
  const methods = useContactMethods(userId);
  const both = { data: rules.data && methods.data ? { rules: rules.data, methods: methods.data } : undefined, error: rules.error ?? methods.error, isPending: rules.isPending || methods.isPending };
  return (
    <Section title="Notification rules">
      <p className="muted">When an incident is assigned to you, Vigil notifies you by each rule for its urgency; acknowledging it calls off the notifications not sent yet.</p>
      <QueryState query={both}>
        {({ rules: list, methods: contacts }) => (
          <div className="urgency-grid">
            {urgencies.map((urgency) => (
              <div key={urgency.value} className="stack">
                <div>
                  <h3>{urgency.title}</h3>
                  <p className="hint">{urgency.hint}</p>
                </div>
                <RuleList userId={userId} rules={list.filter((rule) => rule.urgency === urgency.value).sort((a, b) => a.delay_minutes - b.delay_minutes)} methods={contacts} />
                <AddRuleForm userId={userId} urgency={urgency.value} methods={contacts} />
              </div>
            ))}
          </div>
        )}
      </QueryState>
    </Section>
  );
}

function RuleList({ userId, rules, methods }: { userId: string; rules: NotificationRule[]; methods: ContactMethod[] }) {
  const queryClient = useQueryClient();
  if (rules.length === 0) return <Empty>No rules: you will not be notified for these incidents.</Empty>;
  return (
    <ul className="rule-list">
      {rules.map((rule) => {
        const method = methods.find((candidate) => candidate.id === rule.contact_method_id);
        const how = method ? `${contactTypeLabel(method.type)}: ${method.label} (${method.address})` : 'a deleted contact method';
        const when = delayLabel(rule.delay_minutes);
        return (
          <li key={rule.id}>
            <span>
              <span className="rule-when">{when}</span> notify me by {how}
            </span>
            <ConfirmButton
              label="Delete"
              name={`Delete rule: ${when}, ${method?.label ?? 'contact method'}`}
              title="Delete this notification rule?"
              message={`${when}, by ${how}.`}
              confirmLabel="Delete rule"
              done="Notification rule deleted."
              onConfirm={async () => {
                await unwrap(api.DELETE('/api/v1/users/{userId}/notification-rules/{id}', { params: { path: { userId, id: rule.id } } }));
                await queryClient.invalidateQueries({ queryKey: ['notification-rules', userId] });
              }}
            />
          </li>
        );
      })}
    </ul>
  );
}
