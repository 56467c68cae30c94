import { closeSync, fsync, fsyncSync, openSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import { NodeFS } from '@electric-sql/pglite/nodefs';

const fsyncAsync = promisify(fsync);

interface EmscriptenStream {
  nfd?: number;
  node?: unknown;
}
type StreamWrite = (stream: EmscriptenStream, ...rest: unknown[]) => number;
type StreamClose = (stream: EmscriptenStream) => void;
type NodeOperation = (...args: unknown[]) => unknown;
interface EmscriptenNodeFs {
  realPath(node: unknown): string;
  stream_ops: { write: StreamWrite; close: StreamClose };
  node_ops: Record<string, NodeOperation | undefined>;
}

/** Data files written since they were last fsynced are flushed in the background this often. */
const DATA_FLUSH_INTERVAL_MS = 2000;

/**
 * PGlite's file mode never calls fsync: its commits survive a crash of the process but not of the machine.
 * This file system records which files PostgreSQL wrote (and which directories gained, lost or renamed
 * entries), and `sync()` fsyncs the write-ahead log written since the last call, so a caller can put a
 * commit on disk before it answers. A commit is durable once its WAL is: table and index files are only
 * needed on disk before a checkpoint says so (pg_control) or WAL before it is removed, so they are fsynced
 * then (blocking), and in the background in between so that moment has little left to do.
 */
export class SyncedNodeFS extends NodeFS {
  private dirtyWal = new Set<number>();
  private dirtyData = new Set<number>();
  /** Files written and closed before they were fsynced: synced again by path (fsync flushes the file, whatever descriptor). */
  private closedWal = new Set<string>();
  private closedData = new Set<string>();
  /** Whether a descriptor is a WAL segment; learned on its first write, forgotten when it closes. */
  private readonly walDescriptor = new Map<number, boolean>();
  private dirtyDirectories = new Set<string>();
  private lastDataFlush = performance.now();
  private controlFileDescriptor: number | undefined;
  /** Descriptors a running sync() is flushing: closing one of them must not skip its fsync. */
  private readonly syncingDescriptors = new Map<number, number>();
  private previousSync: Promise<void> = Promise.resolve();

  override async init(...args: Parameters<NodeFS['init']>): ReturnType<NodeFS['init']> {
    const result = await super.init(...args);
    const preRun = result.emscriptenOpts.preRun ?? [];
    result.emscriptenOpts = {
      ...result.emscriptenOpts,
      preRun: [...preRun, (mod: { NODEFS: EmscriptenNodeFs }) => this.instrument(mod.NODEFS)],
    };
    return result;
  }

  /**
   * fsyncs the WAL and directories changed since the previous call, off the event loop. Resolves only when
   * every earlier sync has finished too: a commit is durable only if all WAL before it is, and the next
   * transaction may run while this sync is under way.
   */
  sync(): Promise<void> {
    const wal = [...this.dirtyWal];
    this.dirtyWal = new Set();
    const closed = [...this.closedWal];
    this.closedWal = new Set();
    const directories = [...this.dirtyDirectories];
    this.dirtyDirectories = new Set();
    const chained = Promise.all([Promise.all([this.syncDescriptors(wal), syncPaths(closed)]).then(() => directories.forEach(syncPathNow)), this.previousSync]).then(() => undefined);
    this.previousSync = chained.catch(() => undefined);
    if (this.dirtyData.size > 0 && performance.now() - this.lastDataFlush > DATA_FLUSH_INTERVAL_MS) this.flushDataInBackground();
    return chained;
  }

  /** fsyncs everything written so far, including table files (close of the store). */
  async syncAll(): Promise<void> {
    const data = [...this.dirtyData];
    this.dirtyData = new Set();
    const closed = [...this.closedData];
    this.closedData = new Set();
    await Promise.all([this.sync(), this.syncDescriptors(data), syncPaths(closed)]);
  }

  private flushDataInBackground(): void {
    this.lastDataFlush = performance.now();
    const data = [...this.dirtyData];
    this.dirtyData = new Set();
    const closed = [...this.closedData];
    this.closedData = new Set();
    // A failed fsync leaves the files dirty, so the blocking flush before the next checkpoint retries them.
    this.syncDescriptors(data).catch(() => data.forEach((fd) => this.dirtyData.add(fd)));
    syncPaths(closed).catch(() => closed.forEach((path) => this.closedData.add(path)));
  }

  private async syncDescriptors(descriptors: number[]): Promise<void> {
    for (const fd of descriptors) this.syncingDescriptors.set(fd, (this.syncingDescriptors.get(fd) ?? 0) + 1);
    try {
      await Promise.all(descriptors.map((fd) => fsyncAsync(fd).catch(ignoreClosedDescriptor)));
    } finally {
      for (const fd of descriptors) {
        const count = (this.syncingDescriptors.get(fd) ?? 1) - 1;
        if (count === 0) this.syncingDescriptors.delete(fd);
        else this.syncingDescriptors.set(fd, count);
      }
    }
  }

  /**
   * Blocking fsync of every file written so far; only at the rare moments that make earlier writes
   * unrecoverable from the WAL: a checkpoint recorded in pg_control, a WAL segment renamed or removed.
   */
  private syncWrittenNow(): void {
    for (const fd of [...this.dirtyWal, ...this.dirtyData]) {
      try {
        fsyncSync(fd);
      } catch (error) {
        ignoreClosedDescriptor(error as NodeJS.ErrnoException);
      }
    }
    for (const path of [...this.closedWal, ...this.closedData]) syncPathNow(path);
    this.dirtyWal.clear();
    this.dirtyData.clear();
    this.closedWal.clear();
    this.closedData.clear();
    this.lastDataFlush = performance.now();
  }

  private instrument(nodefs: EmscriptenNodeFs): void {
    const { write, close } = nodefs.stream_ops;
    nodefs.stream_ops.write = (stream, ...rest) => {
      const fd = stream.nfd;
      if (fd !== undefined) {
        let wal = this.walDescriptor.get(fd);
        if (wal === undefined) {
          const path = nodefs.realPath(stream.node);
          wal = path.includes('/pg_wal/');
          this.walDescriptor.set(fd, wal);
          if (path.endsWith('/global/pg_control')) this.controlFileDescriptor = fd;
        }
        // A checkpoint is about to be recorded: every page it wrote must be on disk first.
        if (fd === this.controlFileDescriptor) this.syncWrittenNow();
        (wal ? this.dirtyWal : this.dirtyData).add(fd);
      }
      return write(stream, ...rest);
    };
    nodefs.stream_ops.close = (stream) => {
      const fd = stream.nfd;
      if (fd !== undefined) {
        // Not fsynced here (that would block the event loop on every close of a written file): remembered by
        // path, for the next sync of its kind. A sync under way on this descriptor may miss it: same.
        const wal = this.dirtyWal.delete(fd);
        const data = this.dirtyData.delete(fd);
        if (wal || data || this.syncingDescriptors.has(fd)) {
          const path = nodefs.realPath(stream.node);
          (wal || path.includes('/pg_wal/') ? this.closedWal : this.closedData).add(path);
        }
        this.walDescriptor.delete(fd);
        if (fd === this.controlFileDescriptor) this.controlFileDescriptor = undefined;
      }
      close(stream);
    };
    // Operations that change a directory's entries: the directory must be synced too. Removing or renaming
    // a file (WAL recycling after a checkpoint) must also come after the data written before it is on disk,
    // or a crash could leave the WAL gone and the checkpointed pages not yet written.
    for (const operation of ['mknod', 'unlink', 'rmdir', 'symlink']) {
      const original = nodefs.node_ops[operation];
      if (!original) continue;
      nodefs.node_ops[operation] = (parent: unknown, ...rest: unknown[]) => {
        if (operation !== 'mknod') this.syncWrittenNow();
        const result = original(parent, ...rest);
        this.dirtyDirectories.add(nodefs.realPath(parent));
        return result;
      };
    }
    const rename = nodefs.node_ops['rename'];
    if (rename) {
      nodefs.node_ops['rename'] = (oldNode: unknown, newDirectory: unknown, ...rest: unknown[]) => {
        const from = nodefs.realPath(oldNode);
        if (!isNewWalSegment(from)) this.syncWrittenNow();
        this.dirtyDirectories.add(dirname(from));
        const result = rename(oldNode, newDirectory, ...rest);
        this.dirtyDirectories.add(nodefs.realPath(newDirectory));
        return result;
      };
    }
  }
}

/**
 * A WAL segment being created: PostgreSQL prepares it as `pg_wal/xlogtemp.<pid>` and renames it into place.
 * It holds no WAL yet, so renaming it loses nothing and needs no blocking sync of earlier writes first. The
 * records written into it are fsynced, with the new directory entry, by the sync() of their commit. (Without
 * this, every 16 MB of WAL stalled the store for the fsync of everything written since the last flush.)
 */
function isNewWalSegment(path: string): boolean {
  return /\/pg_wal\/xlogtemp\.\d+$/.test(path);
}

function ignoreClosedDescriptor(error: NodeJS.ErrnoException): void {
  // Closed since it was written: the close hook synced it before closing.
  if (error.code !== 'EBADF') throw error;
}

async function syncPaths(paths: string[]): Promise<void> {
  await Promise.all(
    paths.map(async (path) => {
      let handle: FileHandle;
      try {
        handle = await open(path, 'r');
      } catch {
        return; // removed since: its directory was recorded when it was removed
      }
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
    }),
  );
}

/** fsync by path (a directory, or a file closed since it was written); gone since: nothing to do. */
function syncPathNow(path: string): void {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return; // removed since; its parent was recorded when it was removed
  }
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
