import { createWriteStream } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { openSecretBox } from '../../adapters/open-secret-box.ts';
import { openStore } from '../../adapters/open-store.ts';
import { VIGIL_VERSION } from '../../app/version.ts';
import type { Config } from '../../config/config.ts';
import { AppError } from '../../http/errors.ts';
import type { Counts } from './transfer-format.ts';
import { exportOrganization, type LineSink } from './transfer-export.ts';
import { importOrganization } from './transfer-import.ts';

/** Options of a command; a bad one is a message, not a stack trace. */
function parsed<T>(command: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new AppError('validation_failed', `vigil ${command}: ${(error as Error).message}`);
  }
}

/** Writes to a stream, waiting while it is full; a failed stream (EPIPE, disk full) fails the next write. */
function sinkOf(stream: Writable): LineSink {
  let failure: Error | undefined;
  stream.on('error', (error) => (failure ??= error));
  return async (text) => {
    if (failure) throw failure;
    if (!stream.write(text)) await once(stream, 'drain');
  };
}

/**
 * Runs `produce` into a file created with mode 0600 (it holds password hashes and sealed credentials): written
 * beside the target and renamed over it once complete and fsynced, so `FILE` is never a partial export.
 */
async function intoFile<T>(path: string, produce: (sink: LineSink) => Promise<T>): Promise<T> {
  const partial = `${path}.partial-${process.pid}`;
  const stream = createWriteStream(partial, { flags: 'wx', mode: 0o600, flush: true });
  try {
    await once(stream, 'open');
    const result = await produce(sinkOf(stream));
    stream.end();
    await once(stream, 'close');
    await rename(partial, path);
    return result;
  } catch (error) {
    stream.destroy();
    await rm(partial, { force: true });
    if ((error as NodeJS.ErrnoException).syscall) throw new AppError('unprocessable', `Cannot write ${path}: ${(error as Error).message}`);
    throw error;
  }
}

/** Runs `produce` into stdout, returning once everything written has been handed to the OS. */
async function intoStdout<T>(produce: (sink: LineSink) => Promise<T>): Promise<T> {
  try {
    const result = await produce(sinkOf(process.stdout));
    await new Promise<void>((resolve, reject) => process.stdout.write('', (error) => (error ? reject(error) : resolve())));
    return result;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).syscall) throw new AppError('unprocessable', `Cannot write the export to stdout: ${(error as Error).message}`);
    throw error;
  }
}

const total = (counts: Counts) => Object.values(counts).reduce((sum, count) => sum + count, 0);

/** `vigil export --organization <id or name> [--out FILE]` */
export async function exportCommand(args: string[], config: Config): Promise<number> {
  const values = parsed('export', () => parseArgs({ args, options: { organization: { type: 'string' }, out: { type: 'string' } } }).values);
  if (!values.organization) throw new AppError('validation_failed', 'vigil export needs --organization <id or exact name> (and optionally --out FILE; the default is stdout).');
  const selector = values.organization;
  // On the embedded store this fails while Vigil runs (the data directory's lock), with the lock's message.
  const store = await openStore(config);
  try {
    const run = (sink: LineSink) => exportOrganization(store, selector, sink, VIGIL_VERSION, new Date());
    const summary = values.out ? await intoFile(values.out, run) : await intoStdout(run);
    const tables = Object.values(summary.counts).filter((count) => count > 0).length;
    const said = `Exported organisation ${JSON.stringify(summary.organization.name)} (${summary.organization.id}): ${total(summary.counts)} rows of ${tables} tables${values.out ? ` to ${values.out}` : ''}.`;
    // Stdout carries the file itself unless --out names one.
    if (values.out) console.log(said);
    else console.error(said);
    return 0;
  } finally {
    await store.close();
  }
}

async function input(path: string | undefined): Promise<Readable> {
  if (!path) {
    if (process.stdin.isTTY) throw new AppError('validation_failed', 'vigil import needs an export file: --in FILE, or the file on stdin.');
    return process.stdin;
  }
  try {
    return (await open(path, 'r')).createReadStream();
  } catch (error) {
    throw new AppError('not_found', `Cannot read ${path}: ${(error as Error).message}`);
  }
}

/** `vigil import [--in FILE]` (default: stdin) */
export async function importCommand(args: string[], config: Config): Promise<number> {
  const values = parsed('import', () => parseArgs({ args, options: { in: { type: 'string' } } }).values);
  const source = await input(values.in);
  const store = await openStore(config);
  const lines = createInterface({ input: source, crlfDelay: Infinity });
  // Taken at once: lines the interface reads before an iterator exists are lost (here: while a transaction begins).
  const iterator = lines[Symbol.asyncIterator]();
  try {
    const summary = await importOrganization(store, openSecretBox(config), { [Symbol.asyncIterator]: () => iterator }, new Date());
    const { organization, version, exported_at } = summary.header;
    console.log(`Imported organisation ${JSON.stringify(organization.name)} (${organization.id}), exported by Vigil ${version} at ${exported_at}:`);
    const width = Math.max(...Object.keys(summary.counts).map((name) => name.length));
    for (const [name, count] of Object.entries(summary.counts)) console.log(`  ${name.padEnd(width)}  ${String(count).padStart(8)}`);
    console.log(`  ${'total'.padEnd(width)}  ${String(total(summary.counts)).padStart(8)} rows`);
    if (summary.unopenedSecrets > 0) {
      console.error(
        `Warning: ${summary.unopenedSecrets} stored credential(s) (integration secrets, webhook signing secrets, the Slack app's token) ` +
          `cannot be opened with this store's key${config.VIGIL_SECRET_KEY ? '' : ' (VIGIL_SECRET_KEY is unset)'}; what uses them answers 503 until they can. ` +
          "Set VIGIL_SECRET_KEY to the key of the store they came from (embedded: the contents of its data directory's secret.key), " +
          'or set that key as VIGIL_SECRET_KEY_PREVIOUS beside your own and run `vigil reseal-secrets`.',
      );
    }
    return 0;
  } finally {
    lines.close();
    source.destroy();
    await store.close();
  }
}
