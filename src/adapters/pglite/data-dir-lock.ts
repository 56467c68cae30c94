import { closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

class DataDirLockedError extends Error {
  override name = "DataDirLockedError";
}

interface LockOwner {
  pid: number;
  host: string;
  startedAt: string;
}

/**
 * PGlite does not stop a second process from opening the same data directory (the two would silently
 * diverge), so the embedded store holds this lock file while it runs. A lock left by a process that died
 * (kill -9, power loss) is taken over at once: its owner's pid no longer runs.
 */
export function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, 'vigil.lock');
  for (let attempt = 0; attempt < 5; attempt += 1) {
    try {
      const fd = openSync(path, 'wx');
      const owner: LockOwner = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString() };
      writeSync(fd, JSON.stringify(owner));
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = readOwner(path);
    if (owner && isRunning(owner)) {
      throw new DataDirLockedError(
        `The data directory ${dataDir} is in use by Vigil process ${owner.pid} (started ${owner.startedAt}). ` +
          'Stop that process first, or give this one its own VIGIL_DATA_DIR. The embedded store serves one process; ' +
          'run several processes on PostgreSQL (DATABASE_URL) instead.',
      );
    }
    // Stale: move it aside atomically so that of two processes racing for it only one takes it over.
    try {
      renameSync(path, `${path}.stale-${process.pid}`);
      rmSync(`${path}.stale-${process.pid}`, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  throw new DataDirLockedError(`Could not take the lock on ${dataDir}: another process keeps taking it.`);
}

function readOwner(path: string): LockOwner | undefined {
  try {
    const owner = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockOwner>;
    return typeof owner.pid === 'number' ? { pid: owner.pid, host: String(owner.host), startedAt: String(owner.startedAt) } : undefined;
  } catch {
    return undefined; // half-written by a process that died while writing it
  }
}

function isRunning(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return true; // another machine on shared storage: cannot tell, so refuse
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
