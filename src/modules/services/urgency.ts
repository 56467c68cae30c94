import type { Severity } from '../events/event.ts';

export type UrgencyRule = 'high' | 'low' | 'severity_based';
export type Urgency = 'high' | 'low';

/** A service's urgency rule applied to an incident's severity: critical and error page as high urgency. */
export function incidentUrgency(rule: UrgencyRule | undefined, severity: Severity): Urgency {
  if (rule === 'low') return 'low';
  if (rule === 'severity_based') return severity === 'critical' || severity === 'error' ? 'high' : 'low';
  return 'high';
}
