import type { Deps } from '../../app/deps.ts';
import { bulkInsertStatement } from '../../adapters/bulk-insert.ts';
import type { Store, Transaction } from '../../ports/store.ts';

/**
 * Deps whose clock stands at `at`, for running a command as if it had happened then. Each reading moves it
 * on a second, so the rows one seeding step writes keep their order. The engine is not kicked per command:
 * the seeding kicks it once at the end.
 */
export function depsAt(deps: Deps, at: Date): Deps {
  let next = at.getTime();
  return {
    ...deps,
    clock: {
      now: () => {
        const now = new Date(next);
        next += 1000;
        return now;
      },
    },
    kickEngine: () => undefined,
  };
}

/** Deps on the real clock that leave the engine alone until the seeding kicks it once. */
export function quietly(deps: Deps): Deps {
  return { ...deps, kickEngine: () => undefined };
}

/**
 * Runs `work` in one transaction: the commands it runs with the deps it is given join that transaction
 * instead of committing one by one (a day of incidents is one commit, not fifty), and a failure leaves none
 * of it behind.
 */
export function inOneTransaction<T>(deps: Deps, work: (joined: Deps) => Promise<T>): Promise<T> {
  return deps.store.write((tx) => work({ ...deps, store: joinedStore(deps.store, tx) }));
}

function joinedStore(store: Store, tx: Transaction): Store {
  return {
    kind: store.kind,
    // Reads must see the transaction's own writes, and on the embedded store the outer handle would wait for it forever.
    db: tx,
    write: (work) => work(tx),
    writeStatement: async (statement) => {
      await tx.execute(statement);
    },
    insertRows: async (table, columns, rows) => {
      const statement = bulkInsertStatement(table, columns, rows);
      if (statement) await tx.execute(statement);
    },
    ping: () => store.ping(),
    close: () => Promise.reject(new Error('a joined transaction is not closed by its commands')),
  };
}
