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

/** Log fields of a cause: `reqId` when it descends from a request. */
export function causeLogFields(cause: Cause | undefined): { reqId?: string } {
  return cause?.reqId === undefined ? {} : { reqId: cause.reqId };
}

/** `log`, naming the request `cause` descends from on every line (itself when there is none). */
export function causedLog<L extends { child(bindings: { reqId: string }): L }>(log: L, cause: Cause | undefined): L {
  return cause?.reqId === undefined ? log : log.child({ reqId: cause.reqId });
}

/**
 * Runs `work` as caused by `cause`, in its span when tracing, with the cause's trace context as the span's
 * parent. Causes are passed explicitly (a job's handler reads `job.cause` and hands it on), not kept in an
 * async context: AsyncLocalStorage on Node 20 turns on promise hooks for the whole process, which cost
 * 7–14% of the CPU in a paging storm.
 */
export function runCaused<T>(cause: Cause | undefined, span: { name: string } & Omit<SpanOptions, 'parent'>, work: () => Promise<T>): Promise<T> {
  if (!tracingOn()) return work();
  const { name, ...options } = span;
  return inSpan(name, { ...options, ...(cause?.traceparent && { parent: cause.traceparent }) }, work);
}

/** `cause` with the span active here as its trace context, when tracing: what work queued here descends from. */
export function causeHere(cause: Cause | undefined): Cause | undefined {
  const traceparent = tracingOn() ? activeTraceparent() : undefined;
  if (!cause || !traceparent || traceparent === cause.traceparent) return cause;
  return { ...cause, traceparent };
}

/**
 * Starts long-lived work (an engine pass, a fold pass, a queue claim) outside the trace context of the job or
 * request that kicked it, so that it does not hang its spans under a span that has ended.
 */
export function detached<T>(work: () => T): T {
  return context.with(ROOT_CONTEXT, work);
}
