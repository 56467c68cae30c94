import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Severity } from '../events/event.ts';
import { type FoldAlert, FoldBatch, type FoldEvent, type FoldIncident, type FoldOutcome } from './fold.ts';

type Action = FoldEvent['action'];
type Status = FoldIncident['status'];

interface Step {
  integration: 'int-a' | 'int-b';
  key: string;
  action: Action;
  severity?: Severity;
}

/** What the fold should leave behind for one incident, in the order incidents were opened. */
interface Expected {
  integration: string;
  key: string;
  title: string;
  status: Status;
  severity: Severity;
  eventCount: number;
  alertCount: number;
  openAlertCount: number;
  acknowledgedAt: Date | null;
  resolvedAt: Date | null;
}

const T0 = Date.UTC(2026, 10, 20, 10, 0, 0);
const at = (index: number) => new Date(T0 + index * 1000);
const rank: Record<Severity, number> = { info: 0, warning: 1, error: 2, critical: 3 };

/**
 * The reference: PagerDuty's rules written as plainly as possible. Per (integration, dedup key) at most one
 * open incident; a trigger opens one or counts on it; acknowledge and resolve act on it or are dropped.
 */
function model(steps: Step[]) {
  const incidents: Expected[] = [];
  const open = new Map<string, Expected>();
  const outcomes: FoldOutcome[] = [];
  const announcements: string[] = [];
  steps.forEach((step, index) => {
    const slot = `${step.integration}/${step.key}`;
    const incident = open.get(slot);
    if (step.action === 'trigger') {
      if (!incident) {
        const opened: Expected = {
          integration: step.integration,
          key: step.key,
          title: `summary ${index}`,
          status: 'triggered',
          severity: step.severity ?? 'critical',
          eventCount: 1,
          alertCount: 1,
          openAlertCount: 1,
          acknowledgedAt: null,
          resolvedAt: null,
        };
        incidents.push(opened);
        open.set(slot, opened);
        outcomes.push('alert_created');
        announcements.push('incident.triggered');
      } else {
        incident.eventCount += 1;
        if (step.severity && rank[step.severity] > rank[incident.severity]) incident.severity = step.severity;
        outcomes.push('deduplicated');
      }
    } else if (!incident) {
      outcomes.push('dropped');
    } else if (step.action === 'acknowledge') {
      if (incident.status === 'acknowledged') {
        outcomes.push('unchanged');
      } else {
        incident.status = 'acknowledged';
        incident.acknowledgedAt = at(index);
        outcomes.push('acknowledged');
        announcements.push('incident.acknowledged');
      }
    } else {
      incident.status = 'resolved';
      incident.resolvedAt = at(index);
      incident.openAlertCount = 0;
      open.delete(slot);
      outcomes.push('resolved');
      announcements.push('incident.resolved');
    }
  });
  return { incidents, outcomes, announcements };
}

function foldEvent(step: Step, index: number): FoldEvent {
  return {
    id: index + 1,
    orgId: 'org-1',
    serviceId: 'service-1',
    integrationId: step.integration,
    action: step.action,
    dedupKey: step.key,
    payload: { links: [], images: [], ...(step.action === 'trigger' && { summary: `summary ${index}`, source: 'db-1', severity: step.severity }) },
    receivedAt: at(index),
  };
}

function ids() {
  let next = 0;
  return () => `row-${(next += 1)}`;
}

/** The fold's rows in the shape of the model, incidents in the order they were opened. */
function project(incidents: FoldIncident[], alerts: FoldAlert[]): Expected[] {
  return incidents.map((incident) => {
    const own = alerts.filter((alert) => alert.incidentId === incident.id);
    expect(own).toHaveLength(1);
    const alert = own[0]!;
    expect(alert.status).toBe(incident.status);
    return {
      integration: alert.integrationId,
      key: alert.dedupKey,
      title: incident.title,
      status: incident.status,
      severity: incident.severity,
      eventCount: alert.eventCount,
      alertCount: incident.alertCount,
      openAlertCount: incident.openAlertCount,
      acknowledgedAt: incident.acknowledgedAt,
      resolvedAt: incident.resolvedAt,
    };
  });
}

const stepArb: fc.Arbitrary<Step> = fc.record(
  {
    integration: fc.constantFrom('int-a' as const, 'int-b' as const),
    key: fc.constantFrom('disk', 'cpu', 'net'),
    action: fc.oneof({ arbitrary: fc.constant('trigger' as const), weight: 2 }, { arbitrary: fc.constantFrom('acknowledge' as const, 'resolve' as const), weight: 2 }),
    severity: fc.constantFrom<Severity>('critical', 'error', 'warning', 'info'),
  },
  { requiredKeys: ['integration', 'key', 'action'] },
);
const stepsArb = fc.array(stepArb, { maxLength: 40 });

describe('fold (property): any sequence of events', () => {
  it('produces the incidents, outcomes and announcements of the reference model', () => {
    fc.assert(
      fc.property(stepsArb, (steps) => {
        const batch = new FoldBatch([], new Map(), ids());
        const outcomes = steps.map((step, index) => batch.apply(foldEvent(step, index)));
        const expected = model(steps);
        expect(outcomes).toEqual(expected.outcomes);
        expect(project(batch.newIncidents, batch.newAlerts)).toEqual(expected.incidents);
        expect(batch.domainEvents.map((event) => event.type)).toEqual(expected.announcements);
        expect(batch.log.map((entry) => `incident.${entry.type}`)).toEqual(expected.announcements);
      }),
      { numRuns: 500 },
    );
  });

  it('never moves an incident backwards: a resolved incident is never re-opened, an acknowledged one never re-triggered', () => {
    fc.assert(
      fc.property(stepsArb, (steps) => {
        const batch = new FoldBatch([], new Map(), ids());
        const order: Record<Status, number> = { triggered: 0, acknowledged: 1, resolved: 2 };
        const seen = new Map<string, Status>();
        steps.forEach((step, index) => {
          batch.apply(foldEvent(step, index));
          for (const incident of batch.newIncidents) {
            const before = seen.get(incident.id);
            if (before) expect(order[incident.status]).toBeGreaterThanOrEqual(order[before]);
            seen.set(incident.id, incident.status);
          }
        });
      }),
      { numRuns: 500 },
    );
  });

  it('gives the same result when the events are folded in two batches, the second loading only what the first left open', () => {
    fc.assert(
      fc.property(stepsArb, fc.nat(), (steps, cut) => {
        const split = steps.length === 0 ? 0 : cut % (steps.length + 1);
        const newId = ids();
        const first = new FoldBatch([], new Map(), newId);
        steps.slice(0, split).forEach((step, index) => first.apply(foldEvent(step, index)));

        // What the store holds after the first batch, and what it loads for the second (fresh copies, as a query returns).
        const storedIncidents = new Map(first.newIncidents.map((incident) => [incident.id, structuredClone(incident)]));
        const storedAlerts = new Map(first.newAlerts.map((alert) => [alert.id, structuredClone(alert)]));
        const openAlerts = [...storedAlerts.values()].filter((alert) => alert.status !== 'resolved').map((alert) => structuredClone(alert));
        const loaded = new Map(openAlerts.map((alert) => [alert.incidentId, structuredClone(storedIncidents.get(alert.incidentId)!)]));

        const second = new FoldBatch(openAlerts, loaded, newId);
        steps.slice(split).forEach((step, offset) => second.apply(foldEvent(step, split + offset)));

        // The store writes only what the second batch reports as changed or new.
        for (const incident of second.changedIncidents) storedIncidents.set(incident.id, incident);
        for (const alert of second.changedAlerts) storedAlerts.set(alert.id, alert);
        for (const incident of second.newIncidents) {
          expect(second.changedIncidents.has(incident)).toBe(false);
          storedIncidents.set(incident.id, incident);
        }
        for (const alert of second.newAlerts) storedAlerts.set(alert.id, alert);

        expect(project([...storedIncidents.values()], [...storedAlerts.values()])).toEqual(model(steps).incidents);
      }),
      { numRuns: 500 },
    );
  });
});

describe('fold (examples)', () => {
  const cases: Array<{ name: string; steps: Step[]; outcomes: FoldOutcome[]; statuses: Status[]; eventCounts: number[] }> = [
    {
      name: 'a second trigger with the same dedup key adds to the open alert',
      steps: [
        { integration: 'int-a', key: 'disk', action: 'trigger' },
        { integration: 'int-a', key: 'disk', action: 'trigger' },
      ],
      outcomes: ['alert_created', 'deduplicated'],
      statuses: ['triggered'],
      eventCounts: [2],
    },
    {
      name: 'a trigger after acknowledge does not re-trigger the incident',
      steps: [
        { integration: 'int-a', key: 'disk', action: 'trigger' },
        { integration: 'int-a', key: 'disk', action: 'acknowledge' },
        { integration: 'int-a', key: 'disk', action: 'trigger' },
      ],
      outcomes: ['alert_created', 'acknowledged', 'deduplicated'],
      statuses: ['acknowledged'],
      eventCounts: [2],
    },
    {
      name: 'acknowledging twice changes nothing the second time',
      steps: [
        { integration: 'int-a', key: 'disk', action: 'trigger' },
        { integration: 'int-a', key: 'disk', action: 'acknowledge' },
        { integration: 'int-a', key: 'disk', action: 'acknowledge' },
      ],
      outcomes: ['alert_created', 'acknowledged', 'unchanged'],
      statuses: ['acknowledged'],
      eventCounts: [1],
    },
    {
      name: 'acknowledge and resolve for a key never seen are dropped',
      steps: [
        { integration: 'int-a', key: 'ghost', action: 'acknowledge' },
        { integration: 'int-a', key: 'ghost', action: 'resolve' },
      ],
      outcomes: ['dropped', 'dropped'],
      statuses: [],
      eventCounts: [],
    },
    {
      name: 'a trigger after resolve opens a new incident and leaves the resolved one resolved',
      steps: [
        { integration: 'int-a', key: 'disk', action: 'trigger' },
        { integration: 'int-a', key: 'disk', action: 'resolve' },
        { integration: 'int-a', key: 'disk', action: 'resolve' },
        { integration: 'int-a', key: 'disk', action: 'acknowledge' },
        { integration: 'int-a', key: 'disk', action: 'trigger' },
      ],
      outcomes: ['alert_created', 'resolved', 'dropped', 'dropped', 'alert_created'],
      statuses: ['resolved', 'triggered'],
      eventCounts: [1, 1],
    },
    {
      name: 'a dedup key is scoped to its integration',
      steps: [
        { integration: 'int-a', key: 'shared', action: 'trigger' },
        { integration: 'int-b', key: 'shared', action: 'trigger' },
        { integration: 'int-b', key: 'shared', action: 'resolve' },
      ],
      outcomes: ['alert_created', 'alert_created', 'resolved'],
      statuses: ['triggered', 'resolved'],
      eventCounts: [1, 1],
    },
  ];

  it.each(cases)('$name', ({ steps, outcomes, statuses, eventCounts }) => {
    const batch = new FoldBatch([], new Map(), ids());
    expect(steps.map((step, index) => batch.apply(foldEvent(step, index)))).toEqual(outcomes);
    expect(batch.newIncidents.map((incident) => incident.status)).toEqual(statuses);
    expect(batch.newAlerts.map((alert) => alert.eventCount)).toEqual(eventCounts);
  });

  it('raises the incident’s severity to the highest a repeated trigger brings, and never lowers it', () => {
    const batch = new FoldBatch([], new Map(), ids());
    const severities: Severity[] = ['warning', 'critical', 'info'];
    severities.forEach((severity, index) => batch.apply(foldEvent({ integration: 'int-a', key: 'disk', action: 'trigger', severity }, index)));
    expect(batch.newIncidents.map((incident) => [incident.title, incident.severity])).toEqual([['summary 0', 'critical']]);
  });
});
