import { closeSync, fsync, fsyncSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import { NodeFS } from '@electric-sql/pglite/nodefs';

const fsyncAsync = promisify(fsync);

interface EmscriptenStream {
  nfd?: number;
}
type StreamWrite = (stream: EmscriptenStream, ...rest: unknown[]) => number;
type StreamClose = (stream: EmscriptenStream) => void;
type NodeOperation = (...args: unknown[]) => unknown;
interface EmscriptenNodeFs {
  realPath(node: unknown): string;
  stream_ops: { write: StreamWrite; close: StreamClose };
  node_ops: Record<string, NodeOperation | undefined>;
}

/**
 * PGlite's file mode never calls fsync: its commits survive a crash of the process but not of the machine.
 * This file system records which files PostgreSQL wrote (and which directories gained, lost or renamed
 * entries), and `sync()` fsyncs exactly those, so a caller can put a commit on disk before it answers.
 */
export class SyncedNodeFS extends NodeFS {
  private dirtyDescriptors = new Set<number>();
  private dirtyDirectories = new Set<string>();
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
   * fsyncs every file and directory changed since the previous call, off the event loop. Resolves only when
   * every earlier sync has finished too: a commit is durable only if all WAL before it is, and the next
   * transaction may run while this sync is under way.
   */
  sync(): Promise<void> {
    const chained = Promise.all([this.syncChanged(), this.previousSync]).then(() => undefined);
    this.previousSync = chained.catch(() => undefined);
    return chained;
  }

  private async syncChanged(): Promise<void> {
    const descriptors = [...this.dirtyDescriptors];
    const directories = [...this.dirtyDirectories];
    this.dirtyDescriptors = new Set();
    this.dirtyDirectories = new Set();
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
    for (const directory of directories) syncDirectory(directory);
  }

  /** Blocking fsync of every file written so far; only before the rare renames and removals. */
  private syncWrittenNow(): void {
    for (const fd of this.dirtyDescriptors) {
      try {
        fsyncSync(fd);
      } catch (error) {
        ignoreClosedDescriptor(error as NodeJS.ErrnoException);
      }
    }
    this.dirtyDescriptors.clear();
  }

  private instrument(nodefs: EmscriptenNodeFs): void {
    const { write, close } = nodefs.stream_ops;
    nodefs.stream_ops.write = (stream, ...rest) => {
      if (stream.nfd !== undefined) this.dirtyDescriptors.add(stream.nfd);
      return write(stream, ...rest);
    };
    nodefs.stream_ops.close = (stream) => {
      const fd = stream.nfd;
      if (fd !== undefined && (this.dirtyDescriptors.delete(fd) || this.syncingDescriptors.has(fd))) fsyncSync(fd);
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
        this.syncWrittenNow();
        this.dirtyDirectories.add(dirname(nodefs.realPath(oldNode)));
        const result = rename(oldNode, newDirectory, ...rest);
        this.dirtyDirectories.add(nodefs.realPath(newDirectory));
        return result;
      };
    }
  }
}

function ignoreClosedDescriptor(error: NodeJS.ErrnoException): void {
  // Closed since it was written: the close hook synced it before closing.
  if (error.code !== 'EBADF') throw error;
}

function syncDirectory(path: string): void {
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
