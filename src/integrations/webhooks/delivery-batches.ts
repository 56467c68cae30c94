import { GroupCommit } from '../../lib/group-commit.ts';
import type { Store } from '../../ports/store.ts';
import { type LoadedDelivery, loadDeliveries, type Recorded, recordSuccesses } from './delivery.store.ts';

const MAX_BATCH = 200;

/**
 * The two store round trips every delivery makes — loading it, and recording its success — gathered across
 * the deliveries running at once, so a fan-out of thousands costs a few statements per batch rather than
 * two per delivery.
 */
export class DeliveryBatches {
  private readonly loads: GroupCommit<{ orgId: string; id: string }, LoadedDelivery | undefined>;
  private readonly successes: GroupCommit<Recorded, undefined>;

  constructor(store: Store) {
    const lanes = store.kind === 'pglite' ? 1 : 2;
    this.loads = new GroupCommit(
      async (wanted) => {
        const rows = await loadDeliveries(
          store,
          wanted.map((item) => item.id),
        );
        const byId = new Map(rows.map((row) => [row.delivery.id, row]));
        // Scoped by organisation: a job naming another organisation's delivery finds nothing.
        return wanted.map((item) => {
          const row = byId.get(item.id);
          return row && row.delivery.orgId === item.orgId ? row : undefined;
        });
      },
      MAX_BATCH,
      lanes,
    );
    this.successes = new GroupCommit(
      async (inputs) => {
        try {
          await recordSuccesses(store, inputs);
        } catch (error) {
          // One bad row (or a deadlock with a subscription being disabled) must not fail the others.
          if (inputs.length === 1) throw error;
          for (const input of inputs) await recordSuccesses(store, [input]);
        }
        return inputs.map(() => undefined);
      },
      MAX_BATCH,
      lanes,
    );
  }

  load(orgId: string, id: string): Promise<LoadedDelivery | undefined> {
    return this.loads.submit({ orgId, id });
  }

  recordSuccess(input: Recorded): Promise<undefined> {
    return this.successes.submit(input);
  }
}
