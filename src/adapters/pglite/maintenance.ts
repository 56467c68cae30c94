import type { PGlite } from '@electric-sql/pglite';

/** A vacuum due while the store is busy waits for a quiet moment, at most this long. */
const MAX_VACUUM_DEFERRAL_MS = 5 * 60_000;
/** How often tables are checked for statistics they outgrew. */
const STATISTICS_CHECK_MS = 1000;
/** Rows a table must have changed since its last ANALYZE before its statistics count as outgrown. */
const OUTGROWN_MIN_ROWS = 500;

/**
 * The tables due for VACUUM and for ANALYZE by autovacuum's default rule (PostgreSQL's own thresholds: dead
 * rows over 50 + 20% of the live ones, rows inserted since the last vacuum over 1,000 + 20%, rows changed
 * since the last analyze over 50 + 10%), most changed first. A table that did not change enough is skipped,
 * so each run holds the store only for what needs it.
 */
const MAINTENANCE_DUE = `
  select relname as table,
    n_dead_tup > 50 + 0.2 * n_live_tup or n_ins_since_vacuum > 1000 + 0.2 * n_live_tup as vacuum,
    n_mod_since_analyze > 50 + 0.1 * n_live_tup as analyze
  from pg_stat_user_tables
  where schemaname = 'public'
    and (n_dead_tup > 50 + 0.2 * n_live_tup or n_ins_since_vacuum > 1000 + 0.2 * n_live_tup or n_mod_since_analyze > 50 + 0.1 * n_live_tup)
  order by n_dead_tup + n_mod_since_analyze desc`;

/**
 * Tables that changed more rows since their last ANALYZE than they held then (never analyzed: any): the
 * planner's picture of them is off by more than half, and a prepared statement's cached plan made from it
 * stays until the next ANALYZE. Seen here: a fresh store's first storm of pages looked each notification up
 * by scanning every notification of the organisation (a plan made when the table was empty), 1.3 ms instead
 * of 0.1 ms, until the periodic ANALYZE, which waits while the store is busy.
 */
const STATISTICS_OUTGROWN = `
  select s.relname as table
  from pg_stat_user_tables s join pg_class c on c.oid = s.relid
  where s.schemaname = 'public' and s.n_mod_since_analyze > ${OUTGROWN_MIN_ROWS} and s.n_mod_since_analyze > c.reltuples`;

const quoted = (table: string) => `"${table.replaceAll('"', '""')}"`;

export interface Maintenance {
  /** The periodic VACUUM waits, within bounds, while `busy` says the store is being written. */
  deferWhile(busy: () => boolean): void;
  stop(): Promise<void>;
}

/**
 * PGlite runs PostgreSQL in single-user mode: no autovacuum. Without this, every folded event leaves a dead
 * row and index entry behind, the fold's scans slow down as they pile up, and the planner's statistics never
 * change. Every `vacuumSeconds` (0: never), in a quiet moment, the tables autovacuum would pick are vacuumed
 * and analyzed; VACUUM only visits pages changed since the last run, one statement at a time, so ingestion
 * gets the connection between them (after a flood the events table still holds it ~0.3 s). Besides, every
 * second and busy or not, a table that outgrew its statistics is analyzed (a bounded sample: up to ~60 ms for
 * the events table here, once each time it doubles), so the plans of a store that grows fast from empty follow
 * it. One maintenance statement runs at a time.
 */
export function startMaintenance(client: PGlite, vacuumSeconds: number): Maintenance {
  let busy: () => boolean = () => false;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const serially = (work: () => Promise<void>) => {
    running = running.then(() => (stopped ? undefined : work())).catch(() => undefined);
    return running;
  };

  let vacuuming = false;
  let checking = false;
  let lastVacuum = performance.now();
  const vacuum = async () => {
    const due = await client.query<{ table: string; vacuum: boolean; analyze: boolean }>(MAINTENANCE_DUE);
    for (const table of due.rows) {
      if (table.vacuum) await client.exec(`vacuum ${quoted(table.table)}`);
      if (table.analyze) await client.exec(`analyze ${quoted(table.table)}`);
    }
  };
  const analyzeOutgrown = async () => {
    const outgrown = await client.query<{ table: string }>(STATISTICS_OUTGROWN);
    for (const table of outgrown.rows) await client.exec(`analyze ${quoted(table.table)}`);
  };

  const intervalMs = vacuumSeconds * 1000;
  const timers =
    intervalMs > 0
      ? [
          setInterval(
            () => {
              const waited = performance.now() - lastVacuum;
              if (vacuuming || waited < intervalMs || (busy() && waited < intervalMs + MAX_VACUUM_DEFERRAL_MS)) return;
              vacuuming = true;
              void serially(vacuum).finally(() => {
                vacuuming = false;
                lastVacuum = performance.now();
              });
            },
            Math.min(intervalMs, 1000),
          ),
          setInterval(() => {
            if (checking) return;
            checking = true;
            void serially(analyzeOutgrown).finally(() => {
              checking = false;
            });
          }, STATISTICS_CHECK_MS),
        ]
      : [];
  for (const timer of timers) timer.unref();

  return {
    deferWhile(check) {
      busy = check;
    },
    async stop() {
      for (const timer of timers) clearInterval(timer);
      stopped = true;
      await running;
    },
  };
}
