// One autocannon run inside a load-generator process: prints `start` when the requests begin (the parent
// starts measuring the server then) and sums the run up as a LoadResult, with the generator's own CPU use.
import { createRequire } from 'node:module';
import type { LoadResult } from './load.ts';

interface AutocannonHistogram {
  average: number;
  p50: number;
  p90: number;
  p99: number;
  p99_9: number;
  max: number;
}
interface AutocannonResult {
  duration: number;
  latency: AutocannonHistogram;
  requests: AutocannonHistogram & { sent: number; total: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
  statusCodeStats: Record<string, { count: number }>;
}
type Autocannon = (options: object) => PromiseLike<AutocannonResult>;

export async function measuredAutocannon(options: object): Promise<LoadResult> {
  const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;
  process.stdout.write('start\n');
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  const result = await autocannon(options);
  const cpu = process.cpuUsage(cpuBefore);
  const wallSeconds = (performance.now() - wallBefore) / 1000;
  const { latency } = result;
  return {
    durationSeconds: result.duration,
    sent: result.requests.sent,
    completed: result.requests.total,
    ok2xx: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, stats]) => [code, stats.count])),
    latencyMs: { average: latency.average, p50: latency.p50, p90: latency.p90, p99: latency.p99, p99_9: latency.p99_9, max: latency.max },
    cpuPercent: Math.round(((cpu.user + cpu.system) / 1e6 / wallSeconds) * 100),
  };
}
