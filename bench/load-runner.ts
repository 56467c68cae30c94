// Runs a load generator (bench/load.ts by default) as a separate process, pinned to its own core when possible,
// and reads its result: the generator prints `start` when its requests begin, then one JSON line.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { onCleanup } from './cleanup.ts';
import type { LoadResult, LoadSpec } from './load.ts';
import { cpuPercent, machineBusyPercent, machineCpu, pinned } from './proc.ts';
import { repoRoot, type ServerProcess } from './server-process.ts';

/** Runs one load; `onStart` is called when the requests begin (after the generator's own start-up). */
export async function runLoad(spec: LoadSpec, cpus: string | undefined, onStart: () => void = () => undefined): Promise<LoadResult> {
  return runLoadScript('bench/load.ts', spec, cpus, onStart);
}

/** Runs the load generator `script` (a path from the repository root) with `spec` as its argument. */
async function runLoadScript(script: string, spec: { durationSeconds: number }, cpus: string | undefined, onStart: () => void = () => undefined): Promise<LoadResult> {
  const [command, args] = pinned(cpus, process.execPath, ['--import', 'tsx', join(repoRoot, script), JSON.stringify(spec)]);
  const child = spawn(command, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  const stop = onCleanup(`stop load generator ${script}`, () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let stdout = '';
  let stderr = '';
  let started = false;
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (!started && stdout.startsWith('start\n')) {
      started = true;
      onStart();
    }
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-8000)));
  const limit = setTimeout(() => child.kill('SIGKILL'), (spec.durationSeconds + 60) * 1000);
  // 'close', not 'exit': the process can exit before its output (a result of hundreds of kilobytes, with the due
  // time of every key) has all been read, and parsing it then failed on a cut line.
  const code = await new Promise<number | null>((resolve) => child.once('close', (exitCode) => resolve(exitCode)));
  clearTimeout(limit);
  await stop();
  const line = stdout.trim().split('\n').at(-1);
  if (code !== 0 || !line) throw new Error(`load generator ${script} failed (exit ${code}):\n${stderr.trim()}`);
  return JSON.parse(line) as LoadResult;
}

/** A load run and what it cost: the server's CPU and everything else's, over the span the requests ran. */
export interface MeasuredLoad {
  result: LoadResult;
  elapsedSeconds: number;
  serverCpuPercent: number | null;
  /** Every process but the server and the load generator (PostgreSQL included). */
  otherCpuPercent: number | null;
}

/** Runs a load generator against `server`, measuring from when its requests begin. Call `server.beginPeak()` first. */
export async function measuredLoad(server: ServerProcess, script: string, spec: { durationSeconds: number }, cpus: string | undefined): Promise<MeasuredLoad> {
  let cpuBefore = server.cpuSeconds();
  let machineBefore = machineCpu();
  let started = performance.now();
  const result = await runLoadScript(script, spec, cpus, () => {
    cpuBefore = server.cpuSeconds();
    machineBefore = machineCpu();
    started = performance.now();
  });
  const elapsedSeconds = (performance.now() - started) / 1000;
  const serverCpuPercent = cpuPercent(cpuBefore, server.cpuSeconds(), elapsedSeconds);
  const machine = machineBusyPercent(machineBefore, machineCpu());
  const otherCpuPercent = machine === null || serverCpuPercent === null ? null : Math.max(0, machine - serverCpuPercent - result.cpuPercent);
  return { result, elapsedSeconds, serverCpuPercent, otherCpuPercent };
}
