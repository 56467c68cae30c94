// Cleanups the bench must run however it ends: child servers, load generators, temp dirs, bench databases.
// Each is registered when the resource is created and runs once, newest first.

type Cleanup = () => Promise<void> | void;

const cleanups = new Map<number, { label: string; run: Cleanup }>();
let nextId = 0;
let inFlight: Promise<void> = Promise.resolve();

let interrupted = false;

/** Whether Ctrl-C or SIGTERM arrived: the bench starts nothing new once it has. */
export function isInterrupted(): boolean {
  return interrupted;
}

/**
 * Registers a cleanup; the returned function runs it now (once) and unregisters it. After an interrupt the
 * resource just made is cleaned up at once and the caller gets an error, so nothing outlives the bench.
 */
export function onCleanup(label: string, run: Cleanup): () => Promise<void> {
  if (interrupted) {
    inFlight = inFlight.then(run).catch((error: unknown) => console.error(`cleanup "${label}" failed: ${(error as Error).message}`));
    throw new Error('interrupted');
  }
  const id = nextId++;
  cleanups.set(id, { label, run });
  return async () => {
    const entry = cleanups.get(id);
    if (!entry) return;
    cleanups.delete(id);
    await entry.run();
  };
}

/**
 * Runs every cleanup still registered, newest first; failures are reported, never thrown. Calls made while
 * a run is under way (the signal handler and the main flow may both call it) wait for that run too, so no
 * caller exits before a database is dropped.
 */
export function runAllCleanups(): Promise<void> {
  inFlight = inFlight.then(async () => {
    while (cleanups.size > 0) {
      const entries = [...cleanups.entries()].sort((a, b) => b[0] - a[0]);
      cleanups.clear();
      for (const [, entry] of entries) {
        try {
          await entry.run();
        } catch (error) {
          console.error(`cleanup "${entry.label}" failed: ${(error as Error).message}`);
        }
      }
    }
  });
  return inFlight;
}

let installed = false;

/** On Ctrl-C or SIGTERM: clean up, then exit with the signal's conventional code. */
export function installSignalCleanup(): void {
  if (installed) return;
  installed = true;
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    process.once(signal, () => {
      interrupted = true;
      console.error(`\n${signal}: stopping child processes and removing temporary data…`);
      void (async () => {
        await runAllCleanups();
        // Anything made while the first pass ran was cleaned up as it registered; wait for that too.
        await new Promise((resolve) => setTimeout(resolve, 200));
        await runAllCleanups();
        process.exit(code);
      })();
    });
  }
}
