// Small Linux helpers: memory and CPU of a process from /proc, machine CPU, a free port, CPU pinning.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism } from 'node:os';

/** USER_HZ: /proc reports CPU time in these ticks; 100 on every Linux architecture Node runs on. */
const TICKS_PER_SECOND = 100;

export interface Memory {
  /** Resident set size now, in MB. */
  rssMb: number;
  /** Peak resident set size since start (or since `resetPeakRss`), in MB. */
  hwmMb: number;
}

/** VmRSS and VmHWM of a process, or undefined once it is gone. */
export function memoryOf(pid: number): Memory | undefined {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) / 1024;
  return { rssMb: field('VmRSS'), hwmMb: field('VmHWM') };
}

/** Resets VmHWM to the current RSS (Linux ≥ 4.0), so a peak can be measured per scenario. */
export function resetPeakRss(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** User + system CPU seconds a process (all its threads) has used. */
export function cpuSecondsOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may contain spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

export interface MachineCpu {
  busy: number;
  total: number;
}

/** Busy and total CPU time of the whole machine, to tell how saturated it was over an interval. */
export function machineCpu(): MachineCpu {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const values = line.trim().split(/\s+/).slice(1).map(Number);
  const total = values.reduce((sum, value) => sum + value, 0);
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  return { busy: (total - idle) / TICKS_PER_SECOND, total: total / TICKS_PER_SECOND };
}

/** Percent of one core a process used between two readings (100 = one core busy throughout). */
export function cpuPercent(before: number | undefined, after: number | undefined, seconds: number): number | null {
  if (before === undefined || after === undefined || seconds <= 0) return null;
  return Math.round(((after - before) / seconds) * 100);
}

/** CPU the whole machine used between two readings, in percent of one core (200 = two cores busy throughout). */
export function machineBusyPercent(before: MachineCpu, after: MachineCpu): number | null {
  const total = after.total - before.total;
  return total > 0 ? Math.round(((after.busy - before.busy) / total) * 100 * availableParallelism()) : null;
}

/** How busy the machine is over `ms` with nothing of ours running, in percent of one core. */
export async function backgroundCpuPercent(ms = 1000): Promise<number | null> {
  const before = machineCpu();
  await new Promise((resolve) => setTimeout(resolve, ms));
  return machineBusyPercent(before, machineCpu());
}

/** A port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface Pinning {
  /** CPU list for the server under test, e.g. "0"; undefined when not pinning. */
  server: string | undefined;
  /** CPU list for the load generator. */
  load: string | undefined;
  note: string;
}

/** Server on core 0, load on core 1, when taskset exists and there are at least two cores (BENCH_PIN=false turns it off). */
export function choosePinning(): Pinning {
  const cores = availableParallelism();
  if (process.env['BENCH_PIN'] === 'false') return { server: undefined, load: undefined, note: `not pinned (BENCH_PIN=false), ${cores} cores` };
  if (cores < 2) return { server: undefined, load: undefined, note: `not pinned: ${cores} core` };
  try {
    execFileSync('taskset', ['-c', '0', 'true'], { stdio: 'ignore' });
  } catch {
    return { server: undefined, load: undefined, note: `not pinned: taskset (util-linux) not found, ${cores} cores` };
  }
  return {
    server: '0',
    load: '1',
    note: `server pinned to core 0, load generator to core 1 (taskset); ${cores} cores; PostgreSQL's own processes are not pinned`,
  };
}

/** The command and arguments to run `command args` on the given CPUs (or as is). */
export function pinned(cpus: string | undefined, command: string, args: string[]): [string, string[]] {
  return cpus === undefined ? [command, args] : ['taskset', ['-c', cpus, command, ...args]];
}
