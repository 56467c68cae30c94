// Cleanups the bench must run however it ends: child servers, load generators, temp dirs, bench databases.
// Each is registered when the resource is created and runs once, newest first.

type Cleanup = () => Promise<void> | void;

const cleanups = new Map<number, { label: string; run: Cleanup }>();
let nextId = 0;

/** Registers a cleanup; the returned function runs it now (once) and unregisters it. */
export function onCleanup(label: string, run: Cleanup): () => Promise<void> {
  const id = nextId++;
  cleanups.set(id, { label, run });
  return async () => {
    const entry = cleanups.get(id);
    if (!entry) return;
    cleanups.delete(id);
    await entry.run();
  };
}

/** Runs every cleanup still registered, newest first; failures are reported, never thrown. */
export async function runAllCleanups(): Promise<void> {
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
      console.error(`\n${signal}: stopping child processes and removing temporary data…`);
      void runAllCleanups().finally(() => process.exit(code));
    });
  }
}
