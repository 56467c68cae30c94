// Schedules bench: 1,000 on-call schedules of 3 layers each (mixed rotations, restrictions, overrides and zones).
// (a) who is on call now, for all of them: the engine asks this on every tick, so it has a floor;
// (b) rendering each over the next 30 days, as the schedule page and the iCal feed do.
// In process, no server: the code under test is pure.
import { oncallAt } from '../src/modules/oncall/oncall-at.ts';
import type { Layer, Override, Restriction, Rotation, Schedule } from '../src/modules/oncall/schedule.ts';
import { renderSchedule } from '../src/modules/oncall/schedule-render.ts';
import type { Report } from './report.ts';

const FLOORS = {
  /**
   * All 1,000 schedules, the first time this process sees them, as an engine tick after schedules changed: the
   * process has worked before (on other schedules), but nothing about these is cached.
   */
  oncallNowMs: 200,
};

const SCHEDULES = 1_000;
const WARM_PASSES = 5;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ZONES = ['Europe/Berlin', 'America/New_York', 'America/Los_Angeles', 'Europe/London', 'Asia/Kolkata', 'Asia/Tokyo', 'Australia/Sydney', 'Australia/Lord_Howe', 'America/Sao_Paulo', 'UTC'];

/** A seeded generator (mulberry32), so every run measures the same schedules. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

function buildSchedules(now: number, seed: number): Schedule[] {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const time = () => `${String(Math.floor(next() * 24)).padStart(2, '0')}:${pick(['00', '00', '30'])}`;
  const users = (team: number) => Array.from({ length: 3 + Math.floor(next() * 6) }, (_, i) => `team-${team}-user-${i}`);
  const rotations: Rotation[] = [{ kind: 'daily' }, { kind: 'weekly' }, { kind: 'custom', hours: 12 }, { kind: 'custom', hours: 8 }];
  const businessHours: Restriction[] = [1, 2, 3, 4, 5].map((day) => ({ kind: 'weekly', startDay: day as 1 | 2 | 3 | 4 | 5, startTime: '09:00', endDay: day as 1 | 2 | 3 | 4 | 5, endTime: '17:00' }));
  const restrictionSets: Restriction[][] = [[{ kind: 'daily', startTime: '22:00', endTime: '06:00' }], [{ kind: 'weekly', startDay: 5, startTime: '18:00', endDay: 1, endTime: '09:00' }], businessHours, [{ kind: 'daily', startTime: time(), endTime: time() }]];

  return Array.from({ length: SCHEDULES }, (_, team) => {
    const layer = (index: number, fields: Partial<Layer>): Layer => ({
      id: `layer-${index}`,
      name: `Layer ${index}`,
      start: new Date(now - Math.floor(next() * 365) * DAY - Math.floor(next() * DAY)),
      rotation: pick(rotations),
      handoffTime: time(),
      users: users(team),
      ...fields,
    });
    const overrides: Override[] = next() < 0.3 ? Array.from({ length: 1 + Math.floor(next() * 3) }, () => {
      const start = now + Math.floor((next() - 0.3) * 20 * DAY);
      return { userId: `team-${team}-cover`, start: new Date(start), end: new Date(start + (1 + Math.floor(next() * 72)) * HOUR) };
    }) : [];
    return {
      timeZone: pick(ZONES),
      layers: [layer(0, {}), layer(1, { restrictions: pick(restrictionSets) }), layer(2, { rotation: { kind: 'weekly' }, restrictions: pick(restrictionSets) })],
      overrides,
    };
  });
}

function timed<T>(work: () => T): { ms: number; result: T } {
  const started = performance.now();
  const result = work();
  return { ms: performance.now() - started, result };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export async function schedulesSuite(report: Report): Promise<void> {
  const now = Date.now();
  const at = new Date(now);
  // The process's first call ever pays for loading Luxon's code paths and one Intl formatter per zone.
  const others = buildSchedules(now, 1);
  const coldProcess = timed(() => others.map((schedule) => oncallAt(schedule, at))).ms;
  const schedules = buildSchedules(now, 20260329);
  console.log(`Schedules: ${SCHEDULES} schedules × 3 layers, ${new Set(schedules.map((s) => s.timeZone)).size} zones, ${schedules.filter((s) => s.overrides.length > 0).length} with overrides`);

  const cold = timed(() => schedules.map((schedule) => oncallAt(schedule, at)));
  const warm = median(Array.from({ length: WARM_PASSES }, () => timed(() => schedules.map((schedule) => oncallAt(schedule, at))).ms));
  const nobody = cold.result.filter((users) => users.length === 0).length;
  console.log(
    `  who is on call now, all ${SCHEDULES}: ${cold.ms.toFixed(1)} ms the first time, then ${warm.toFixed(1)} ms (median of ${WARM_PASSES}); ` +
      `${coldProcess.toFixed(1)} ms for another ${SCHEDULES} as the process's first work; nobody on call in ${nobody}`,
  );

  const until = new Date(now + 30 * DAY);
  const rendered = timed(() => schedules.map((schedule) => renderSchedule(schedule, at, until)));
  const entries = rendered.result.reduce((sum, { final }) => sum + final.length, 0);
  console.log(`  render 30 days, all ${SCHEDULES}: ${rendered.ms.toFixed(0)} ms (${(rendered.ms / SCHEDULES).toFixed(2)} ms each), ${entries} final entries`);

  // The two ways of asking must agree: the render's entry at `now` is who oncallAt names.
  const disagreements = rendered.result.filter(({ final }, i) => {
    const first = final[0];
    const fromRender = first && first.start.getTime() === now ? [first.userId] : [];
    return JSON.stringify(fromRender) !== JSON.stringify(cold.result[i]);
  }).length;

  report.meta['schedules'] = {
    schedules: SCHEDULES,
    layersEach: 3,
    oncallNowFirstMs: cold.ms,
    oncallNowRepeatMs: warm,
    oncallNowProcessFirstWorkMs: coldProcess,
    render30DaysMs: rendered.ms,
    render30DaysEntries: entries,
    nobodyOnCallNow: nobody,
  };
  report.check('schedules: who is on call now, 1,000 schedules seen for the first time', Math.round(cold.ms * 10) / 10, 'ms', { atMost: FLOORS.oncallNowMs });
  report.check('schedules: oncallAt disagrees with the render at now', disagreements, '', { equals: 0 }, 'assertion');
}
