import { sql } from 'drizzle-orm';
import { bigserial, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import type { JsonValue } from '../../ports/job-queue.ts';

/**
 * The store queue's jobs. `pending` rows are due at `run_at` (waiting once it has passed, delayed before);
 * `active` rows are claimed until `locked_until` by the worker `locked_by`; `completed` rows are kept for
 * the retention period to hold their idempotency key; `dead` rows failed every attempt and wait for an operator.
 */
export const jobs = pgTable(
  'jobs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    queue: text('queue').notNull(),
    name: text('name').notNull(),
    data: jsonb('data').$type<JsonValue>().notNull(),
    state: text('state', { enum: ['pending', 'active', 'completed', 'dead'] }).notNull(),
    runAt: timestamp('run_at', { withTimezone: true }).notNull(),
    /** Attempts started so far (a claim counts one). */
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull(),
    idempotencyKey: text('idempotency_key'),
    lockedBy: text('locked_by'),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** When it completed or died. */
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    /** The request it descends from (lib/cause.ts): handed to its runs for their log lines and trace. */
    causedBy: text('caused_by'),
  },
  (t) => [
    uniqueIndex('jobs_idempotency_key_idx').on(t.queue, t.idempotencyKey).where(sql`${t.idempotencyKey} is not null`),
    index('jobs_due_idx').on(t.queue, t.runAt, t.id).where(sql`${t.state} = 'pending'`),
    index('jobs_lease_idx').on(t.lockedUntil).where(sql`${t.state} = 'active'`),
    index('jobs_dead_idx').on(t.queue, t.finishedAt, t.id).where(sql`${t.state} = 'dead'`),
    index('jobs_completed_idx').on(t.finishedAt).where(sql`${t.state} = 'completed'`),
  ],
);

/** Repeating jobs: whichever process moves `next_run_at` on (a conditional update) enqueues that tick. */
export const jobSchedules = pgTable(
  'job_schedules',
  {
    queue: text('queue').notNull(),
    name: text('name').notNull(),
    cron: text('cron').notNull(),
    timeZone: text('time_zone').notNull(),
    data: jsonb('data').$type<JsonValue>().notNull(),
    maxAttempts: integer('max_attempts').notNull(),
    nextRunAt: timestamp('next_run_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.queue, t.name] }), index('job_schedules_next_idx').on(t.nextRunAt)],
);
