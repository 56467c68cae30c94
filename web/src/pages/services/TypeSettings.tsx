import { Field, fieldError } from '../../ui/form';

/** The settings form's raw values, by field; `settingsOf` turns them into the type's settings. */
export type TypeDraft = Record<string, string>;

const severities = ['critical', 'error', 'warning', 'info'] as const;

/** The settings of a new integration of `type`, or undefined when the type needs none or none were given. */
export function settingsOf(type: string, draft: TypeDraft): Record<string, unknown> | undefined {
  const value = (field: string) => draft[field]?.trim() || undefined;
  const minutes = (field: string) => (value(field) === undefined ? undefined : Math.round(Number(value(field)) * 60));
  switch (type) {
    case 'generic_webhook':
      return {
        mapping: {
          summary: value('summary') ?? 'title',
          ...(value('severity') && { severity: value('severity') }),
          ...(value('dedup_key') && { dedup_key: value('dedup_key') }),
          ...(value('action') && { action: value('action') }),
        },
        ...(value('default_severity') && { default_severity: value('default_severity') }),
      };
    case 'heartbeat':
      return { interval_seconds: minutes('interval_minutes') ?? 600, ...(value('grace_minutes') && { grace_seconds: minutes('grace_minutes') }) };
    case 'alertmanager':
    case 'grafana':
      return value('default_severity') ? { default_severity: value('default_severity') } : undefined;
    case 'email':
      return value('dedup') === 'subject' ? { dedup: 'subject', ...(value('resolve_subject_pattern') && { resolve_subject_pattern: value('resolve_subject_pattern') }) } : undefined;
    case 'github': {
      const branches = value('branches')?.split(/[\s,]+/).filter(Boolean);
      return branches?.length ? { branches } : undefined;
    }
    default:
      return undefined;
  }
}

/** The few settings worth giving when the integration is created; the rest keep their defaults. */
export function TypeSettings({ type, draft, onChange, error }: { type: string; draft: TypeDraft; onChange: (draft: TypeDraft) => void; error: unknown }) {
  const text = (field: string, label: string, hint?: string, placeholder?: string) => (
    <Field key={field} label={label} hint={hint} error={fieldError(error, field)}>
      {(props) => <input {...props} value={draft[field] ?? ''} placeholder={placeholder} onChange={(event) => onChange({ ...draft, [field]: event.target.value })} autoComplete="off" />}
    </Field>
  );
  const severity = (label: string) => (
    <Field key="default_severity" label={label} error={fieldError(error, 'default_severity')}>
      {(props) => (
        <select {...props} value={draft['default_severity'] ?? ''} onChange={(event) => onChange({ ...draft, default_severity: event.target.value })}>
          <option value="">The type's default</option>
          {severities.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
  switch (type) {
    case 'generic_webhook':
      return (
        <>
          {text('summary', 'Summary expression', 'JSONata over the posted body, e.g. title or alert.name & " on " & host. Default: title.', 'title')}
          {text('severity', 'Severity expression (optional)', 'e.g. level; words like P1, high or warn are understood.')}
          {text('dedup_key', 'Dedup key expression (optional)', 'Events with the same key update the same alert.')}
          {text('action', 'Action expression (optional)', 'e.g. status = "ok" ? "resolve" : "trigger". Default: trigger.')}
          {severity('Default severity')}
        </>
      );
    case 'heartbeat':
      return (
        <>
          {text('interval_minutes', 'Ping interval (minutes)', 'How often the sender pings: 1 minute to 7 days. Default 10.', '10')}
          {text('grace_minutes', 'Grace (minutes, optional)', 'How late a ping may be before an alert opens. Default: a fifth of the interval, at least a minute.')}
        </>
      );
    case 'alertmanager':
    case 'grafana':
      return severity('Severity of alerts without a severity label');
    case 'email':
      return (
        <>
          <Field label="Grouping" error={fieldError(error, 'dedup')}>
            {(props) => (
              <select {...props} value={draft['dedup'] ?? 'none'} onChange={(event) => onChange({ ...draft, dedup: event.target.value })}>
                <option value="none">Every mail opens an alert</option>
                <option value="subject">Group mail by subject</option>
              </select>
            )}
          </Field>
          {draft['dedup'] === 'subject' ? text('resolve_subject_pattern', 'Resolve subject pattern (optional)', 'A subject matching this regular expression resolves the alert, e.g. ^(RESOLVED|OK):') : null}
        </>
      );
    case 'github':
      return text('branches', 'Branches (optional)', "Comma-separated; * and ** patterns work. Default: the repository's default branch.");
    default:
      return null;
  }
}
