import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { enqueue, newIntegration, newOrganisation, request, triggerEvent } from '../factories.ts';
import { describeEachStore, startVigil, type TestVigil } from '../harness.ts';

type Severity = 'critical' | 'error' | 'warning' | 'info';
type Status = 'triggered' | 'acknowledged' | 'resolved';

interface Step {
  integration: number;
  key: string;
  action: 'trigger' | 'acknowledge' | 'resolve';
  severity: Severity;
  /** Fold what is stored so far right after this event, so a run's events fold in batches of every size. */
  foldAfter: boolean;
}

interface Expected {
  title: string;
  status: Status;
  severity: Severity;
  alert_count: number;
  event_count: number;
}

const rank: Record<Severity, number> = { info: 0, warning: 1, error: 2, critical: 3 };

/** PagerDuty's rules, plainly: one open incident per (routing key, dedup key); ack/resolve act on it or are dropped. */
function model(steps: Step[]): Expected[] {
  const incidents: Expected[] = [];
  const open = new Map<string, Expected>();
  steps.forEach((step, index) => {
    const slot = `${step.integration}/${step.key}`;
    const incident = open.get(slot);
    if (step.action === 'trigger') {
      if (incident) {
        incident.event_count += 1;
        if (rank[step.severity] > rank[incident.severity]) incident.severity = step.severity;
      } else {
        const opened: Expected = { title: summaryOf(step, index), status: 'triggered', severity: step.severity, alert_count: 1, event_count: 1 };
        incidents.push(opened);
        open.set(slot, opened);
      }
    } else if (incident && step.action === 'acknowledge') {
      if (incident.status === 'triggered') incident.status = 'acknowledged';
    } else if (incident) {
      incident.status = 'resolved';
      open.delete(slot);
    }
  });
  return incidents;
}

const summaryOf = (step: Step, index: number) => `${step.key} on integration ${step.integration}, event ${index}`;

const stepArb: fc.Arbitrary<Step> = fc.record({
  integration: fc.constantFrom(0, 1),
  key: fc.constantFrom('disk', 'cpu', 'net'),
  action: fc.oneof({ arbitrary: fc.constant('trigger' as const), weight: 2 }, { arbitrary: fc.constantFrom('acknowledge' as const, 'resolve' as const), weight: 2 }),
  severity: fc.constantFrom<Severity>('critical', 'error', 'warning', 'info'),
  foldAfter: fc.boolean(),
});
/** One or two integrations (on one service), and up to 15 events spread over them. */
const scenarioArb = fc.record({ integrations: fc.constantFrom(1, 2), steps: fc.array(stepArb, { maxLength: 15 }) }).map(({ integrations, steps }) => ({
  integrations,
  steps: steps.map((step) => ({ ...step, integration: step.integration % integrations })),
}));

describeEachStore('the fold through the API matches the reference model', (kind) => {
  let t: TestVigil;
  let token: string;
  beforeAll(async () => {
    t = await startVigil(kind);
    ({ token } = await newOrganisation(t));
  });
  afterAll(() => t.stop());

  /** A fresh service with `count` Events API v2 integrations; returns the service id and their routing keys. */
  async function serviceWithIntegrations(count: number) {
    const { serviceId, routingKey } = await newIntegration(t, token);
    const routingKeys = [routingKey];
    while (routingKeys.length < count) {
      const added = await request(t, 'POST', `/api/v1/services/${serviceId}/integrations`, { token, body: { type: 'events_api_v2' } });
      expect(added.status).toBe(201);
      routingKeys.push(added.body.integration_key);
    }
    return { serviceId, routingKeys };
  }

  /** The service's incidents, oldest first (by number), with each one's alert event count. */
  async function incidentsOf(serviceId: string): Promise<Expected[]> {
    const list = await request(t, 'GET', `/api/v1/incidents?service_id=${serviceId}&limit=100`, { token });
    expect(list.status).toBe(200);
    const incidents: Array<{ id: string; number: number; title: string; status: Status; severity: Severity; alert_count: number }> = list.body.incidents;
    incidents.sort((a, b) => a.number - b.number);
    return Promise.all(
      incidents.map(async (incident) => {
        const detail = await request(t, 'GET', `/api/v1/incidents/${incident.id}`, { token });
        const eventCount = detail.body.alerts.reduce((sum: number, alert: { event_count: number }) => sum + alert.event_count, 0);
        return { title: incident.title, status: incident.status, severity: incident.severity, alert_count: incident.alert_count, event_count: eventCount };
      }),
    );
  }

  /**
   * The background fold would take each event as it is stored, one per batch. Holding it between the chosen
   * steps makes it fold several events (say a resolve and the trigger after it) in one batch, as under load.
   */
  async function foldNow() {
    t.vigil.folder.start();
    await t.settle();
    await t.vigil.folder.stop();
  }

  it('any sequence of trigger, acknowledge and resolve over a few dedup keys leaves the incidents the model predicts', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async ({ integrations, steps }) => {
        const { serviceId, routingKeys } = await serviceWithIntegrations(integrations);
        await t.vigil.folder.stop();
        try {
          for (const [index, step] of steps.entries()) {
            const routingKey = routingKeys[step.integration]!;
            const body =
              step.action === 'trigger'
                ? triggerEvent(routingKey, step.key, { payload: { summary: summaryOf(step, index), source: 'property', severity: step.severity } })
                : { routing_key: routingKey, event_action: step.action, dedup_key: step.key };
            const response = await enqueue(t, body);
            expect(response.status).toBe(202);
            if (step.foldAfter) await foldNow();
          }
        } finally {
          t.vigil.folder.start();
        }
        await t.settle();
        expect(await incidentsOf(serviceId)).toEqual(model(steps));
      }),
      { numRuns: 25 },
    );
  });

  it('opens exactly one incident for 50 concurrent triggers with the same dedup key', async () => {
    const { serviceId, routingKey } = await newIntegration(t, token);
    const responses = await Promise.all(Array.from({ length: 50 }, () => enqueue(t, triggerEvent(routingKey, 'stampede'))));
    expect(responses.map((response) => response.status)).toEqual(Array.from({ length: 50 }, () => 202));
    expect(new Set(responses.map((response) => response.body.dedup_key))).toEqual(new Set(['stampede']));
    await t.settle();
    const incidents = await incidentsOf(serviceId);
    expect(incidents).toEqual([{ title: 'disk full on stampede', status: 'triggered', severity: 'critical', alert_count: 1, event_count: 50 }]);
    const stats = await request(t, 'GET', `/api/v1/services/${serviceId}/event-stats`, { token });
    expect(stats.body.outcomes).toEqual({ alert_created: 1, deduplicated: 49 });
  });
});
