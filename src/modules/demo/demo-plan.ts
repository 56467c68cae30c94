import type { Severity } from '../events/event.ts';
import { DemoRandom } from './demo-random.ts';
import { commonNotes, type DemoService, demoServices } from './demo-services.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Incidents of the past are all resolved at least this long before now. */
export const SETTLED_MS = 10 * MINUTE;

/** A past (or still open) incident as the demo will replay it through the commands, user-independent. */
export interface PlannedIncident {
  service: DemoService;
  title: string;
  severity: Severity;
  createdAt: Date;
  acknowledgedAt: Date | null;
  /** Null: still open. */
  resolvedAt: Date | null;
  notes: Array<{ at: Date; text: string; byOther: boolean }>;
  /** Someone other than who acknowledged resolves it (a hand-over). */
  resolvedByOther: boolean;
  /** Draws in [0, 1) for choosing people, so the seed decides them too. */
  picks: [number, number];
}

export interface Window {
  start: Date;
  end: Date;
}

/** Search's maintenance: one done nine days ago, one planned for tomorrow night (UTC). */
export function searchMaintenance(now: Date): { past: Window; upcoming: Window } {
  const today = startOfUtcDay(now);
  return {
    past: { start: new Date(today - 9 * DAY + 2 * HOUR), end: new Date(today - 9 * DAY + 4 * HOUR) },
    upcoming: { start: new Date(today + DAY + 2 * HOUR), end: new Date(today + DAY + 4 * HOUR) },
  };
}

// Incidents by hour of the day (UTC): office hours in Europe and America, or the nightly batch window.
const DAYTIME = [0.3, 0.2, 0.2, 0.2, 0.3, 0.5, 1, 2, 4, 5, 5, 4, 4, 5, 5, 4, 3, 3, 2, 1.5, 1, 0.7, 0.5, 0.4];
const NIGHTLY = [2, 4, 5, 5, 4, 2, 1, 0.6, 0.5, 0.5, 0.4, 0.4, 0.4, 0.4, 0.4, 0.4, 0.4, 0.4, 0.4, 0.4, 0.5, 0.6, 1, 1.5];

/** Minutes to acknowledge, then minutes from acknowledgement to resolution, and how often nobody acknowledges. */
const RESPONSE: Record<Severity, { ack: [number, number]; resolve: [number, number]; unacknowledged: number }> = {
  critical: { ack: [0.5, 8], resolve: [12, 150], unacknowledged: 0.02 },
  error: { ack: [1, 20], resolve: [15, 240], unacknowledged: 0.04 },
  warning: { ack: [2, 90], resolve: [10, 600], unacknowledged: 0.12 },
  info: { ack: [10, 600], resolve: [60, 1440], unacknowledged: 0.3 },
};

/**
 * Resolved incidents of the `days` whole UTC days before `now`, oldest first: a few a day (fewer at
 * weekends), at the hours each service tends to break, answered at delays that depend on the severity.
 * A pure function of (seed, now, days).
 */
export function planPastIncidents(seed: number, now: Date, days = 21): PlannedIncident[] {
  const random = new DemoRandom(seed);
  const today = startOfUtcDay(now);
  const maintenance = searchMaintenance(now).past;
  const planned: PlannedIncident[] = [];
  for (let day = days; day >= 1; day -= 1) {
    const dayStart = today - day * DAY;
    const weekday = new Date(dayStart).getUTCDay();
    const count = weekday === 0 || weekday === 6 ? random.int(1, 4) : random.int(4, 7);
    for (let i = 0; i < count; i += 1) {
      const service = demoServices[random.weighted(demoServices.map((s) => s.weight))]!;
      const hour = random.weighted(service.rhythm === 'nightly' ? NIGHTLY : DAYTIME);
      const createdAt = dayStart + hour * HOUR + random.int(0, HOUR / 1000 - 1) * 1000;
      const template = random.pick(service.incidents);
      const incident = pastIncident(random, service, template.title, template.severity, createdAt, now.getTime());
      const inMaintenance = service.key === 'search' && createdAt >= maintenance.start.getTime() && createdAt < maintenance.end.getTime();
      if (incident && !inMaintenance) planned.push(incident);
    }
  }
  return planned.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
}

function pastIncident(random: DemoRandom, service: DemoService, title: string, severity: Severity, createdAt: number, now: number): PlannedIncident | undefined {
  const response = RESPONSE[severity];
  const acknowledged = !random.chance(response.unacknowledged);
  const ackDelay = random.logUniform(...response.ack) * MINUTE;
  const resolveDelay = random.logUniform(...response.resolve) * MINUTE;
  const latest = now - SETTLED_MS;
  if (createdAt + 2 * MINUTE > latest) return undefined;
  // Squeezed into what has passed when the draw would end after now.
  const span = Math.min(ackDelay + resolveDelay, latest - createdAt);
  const acknowledgedAt = acknowledged ? createdAt + Math.max(1000, Math.round((span * ackDelay) / (ackDelay + resolveDelay))) : null;
  const resolvedAt = createdAt + Math.round(span);
  const noteCount = random.chance(0.45) ? (random.chance(0.3) ? 2 : 1) : 0;
  const from = acknowledgedAt ?? createdAt;
  const notes = Array.from({ length: noteCount }, () => ({
    at: new Date(from + Math.round(random.next() * (resolvedAt - from))),
    text: noteText(random, service),
    byOther: random.chance(0.25),
  })).sort((a, b) => a.at.getTime() - b.at.getTime());
  return {
    service,
    title,
    severity,
    createdAt: new Date(createdAt),
    acknowledgedAt: acknowledgedAt === null ? null : new Date(acknowledgedAt),
    resolvedAt: new Date(resolvedAt),
    notes,
    resolvedByOther: random.chance(0.2),
    picks: [random.next(), random.next()],
  };
}

function noteText(random: DemoRandom, service: DemoService): string {
  if (random.chance(0.7)) return random.pick(service.notes);
  if (random.chance(0.25)) return `Follow-up ticket OPS-${random.int(1000, 4999)} for the postmortem.`;
  return random.pick(commonNotes);
}

/** The incidents still open when the demo is seeded: two acknowledged a while ago, one triggering now. */
export function planOpenIncidents(now: Date): { acknowledged: PlannedIncident[]; triggered: PlannedIncident } {
  const at = (minutesAgo: number) => new Date(now.getTime() - minutesAgo * MINUTE);
  const service = (key: string) => demoServices.find((s) => s.key === key)!;
  const open = (key: string, title: string, severity: Severity, created: Date, acknowledged: Date | null, notes: PlannedIncident['notes']): PlannedIncident => ({
    service: service(key),
    title,
    severity,
    createdAt: created,
    acknowledgedAt: acknowledged,
    resolvedAt: null,
    notes,
    resolvedByOther: false,
    picks: [0, 0],
  });
  return {
    acknowledged: [
      open('pipeline', 'Kafka consumer lag on orders-events above 100k', 'error', at(130), at(122), [{ at: at(95), text: 'Consumers restarted; lag falling slowly.', byOther: false }]),
      open('search', 'Indexer lag over 15 minutes', 'warning', at(47), at(41), [{ at: at(30), text: 'Reindex of the catalogue running, ETA 30 minutes.', byOther: false }]),
    ],
    triggered: open('checkout', 'p99 latency above 2s on POST /orders', 'error', now, null, []),
  };
}

function startOfUtcDay(now: Date): number {
  return Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
}
