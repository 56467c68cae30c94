import { AsyncLocalStorage } from 'node:async_hooks';
import { context, ROOT_CONTEXT } from '@opentelemetry/api';
import { activeTraceparent, inSpan, isTraceparent, type SpanOptions, tracingOn } from './tracing.ts';

/**
 * The request a piece of background work descends from: its id, so that the log lines of the jobs it led to
 * carry it (`reqId`), and, when tracing, its W3C trace context, so that their spans join its trace. It travels
 * with the rows that hand work on (domain events, stored events, escalations, jobs) as one short text column.
 */
export interface Cause {
  reqId?: string;
  traceparent?: string;
}

/** Request ids are at most 100 characters (genReqId); a longer stored one is cut, not trusted. */
const MAX_REQ_ID = 200;

/**
 * `<traceparent> <request id>`: the traceparent (fixed format, no spaces) or nothing, one space, the request id
 * or nothing. Null when there is neither.
 */
export function encodeCause(cause: Cause | undefined): string | null {
  if (!cause) return null;
  const reqId = cause.reqId?.slice(0, MAX_REQ_ID) ?? '';
  const traceparent = cause.traceparent && isTraceparent(cause.traceparent) ? cause.traceparent : '';
  return reqId === '' && traceparent === '' ? null : `${traceparent} ${reqId}`;
}

/** Reads what encodeCause wrote; anything else yields what can be trusted of it (or nothing). */
export function decodeCause(text: string | null | undefined): Cause | undefined {
  if (!text) return undefined;
  const space = text.indexOf(' ');
  const traceparent = space < 0 ? '' : text.slice(0, space);
  const reqId = (space < 0 ? text : text.slice(space + 1)).slice(0, MAX_REQ_ID);
  const cause: Cause = {};
  if (reqId !== '') cause.reqId = reqId;
  if (isTraceparent(traceparent)) cause.traceparent = traceparent;
  return cause.reqId === undefined && cause.traceparent === undefined ? undefined : cause;
}

/** The cause of the request `reqId`, with the trace context active here (the request's span) when tracing. */
export function requestCause(reqId: string): Cause {
  const traceparent = tracingOn() ? activeTraceparent() : undefined;
  return traceparent ? { reqId, traceparent } : { reqId };
}

/**
 * Set while a job runs (and, for the domain-events job, each run of its events): what the work it does
 * descends from. HTTP requests do not use it (they pass their cause on explicitly), so a process that only
 * serves the API never turns on the async-context bookkeeping this costs.
 */
const running = new AsyncLocalStorage<Cause>();
const NONE: Cause = {};

/**
 * The cause of work started here: the running job's, with the active span as the trace context when tracing
 * (so work a job queues nests under the job's span). Undefined outside a job.
 */
export function currentCause(): Cause | undefined {
  const cause = running.getStore();
  if (!cause || cause === NONE) return undefined;
  const traceparent = tracingOn() ? (activeTraceparent() ?? cause.traceparent) : cause.traceparent;
  return traceparent === cause.traceparent ? cause : { ...cause, traceparent };
}

/** Log fields of the running job's cause (a pino mixin): `reqId` when it descends from a request. */
export function causeLogFields(): { reqId?: string } {
  const reqId = running.getStore()?.reqId;
  return reqId === undefined ? {} : { reqId };
}

/**
 * Runs `work` as caused by `cause` (none: caused by nothing, even inside a job): in its span when tracing,
 * with the cause's trace context as the span's parent.
 */
export function runCaused<T>(cause: Cause | undefined, span: { name: string } & Omit<SpanOptions, 'parent'>, work: () => Promise<T>): Promise<T> {
  const run = () => running.run(cause ?? NONE, work);
  if (!tracingOn()) return run();
  const { name, ...options } = span;
  return inSpan(name, { ...options, ...(cause?.traceparent && { parent: cause.traceparent }) }, run);
}

/**
 * Starts long-lived work (an engine pass, a fold pass, a queue claim) outside the job or request that kicked
 * it, so that it neither inherits that cause nor hangs its spans under a span that has ended.
 */
export function detached<T>(work: () => T): T {
  return context.with(ROOT_CONTEXT, () => (running.getStore() === undefined ? work() : running.exit(work)));
}
