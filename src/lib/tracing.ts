import { type Attributes, type Context, context, isSpanContextValid, type Link, ROOT_CONTEXT, type Span, SpanKind, SpanStatusCode, trace, TraceFlags } from '@opentelemetry/api';

/**
 * OpenTelemetry tracing, off unless the standard OTEL_* variables ask for it (see tracing-sdk.ts). The app only
 * talks to @opentelemetry/api: without a registered SDK every call below is a cheap no-op, and the hot paths
 * do not even make them (`tracingOn`).
 */

const tracer = trace.getTracer('vigil');
let shutdown: (() => Promise<void>) | undefined;

/**
 * Whether the environment asks for traces: an exporter named in OTEL_TRACES_EXPORTER (other than `none`), or an
 * OTLP endpoint given; never when OTEL_SDK_DISABLED is true. Without any of these Vigil loads no tracing code.
 */
export function tracingConfigured(env: Record<string, string | undefined>): boolean {
  if (env['OTEL_SDK_DISABLED']?.trim().toLowerCase() === 'true') return false;
  const exporters = (env['OTEL_TRACES_EXPORTER'] ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '');
  if (exporters.length > 0) return exporters.some((name) => name !== 'none');
  return Boolean(env['OTEL_EXPORTER_OTLP_ENDPOINT']?.trim() || env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT']?.trim());
}

/** Called once the SDK is registered, with what flushes and stops it. */
export function tracingStarted(stop: () => Promise<void>): void {
  shutdown = stop;
}

/** True in a process whose tracing SDK is running. */
export function tracingOn(): boolean {
  return shutdown !== undefined;
}

/** Exports the spans still buffered and stops tracing (graceful shutdown); nothing to do when tracing is off. */
export async function flushTracing(): Promise<void> {
  const stop = shutdown;
  shutdown = undefined;
  await stop?.();
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** The W3C `traceparent` of the span active here, if one is. */
export function activeTraceparent(): string | undefined {
  const span = trace.getSpan(context.active());
  if (!span) return undefined;
  const { traceId, spanId, traceFlags } = span.spanContext();
  if (!isSpanContextValid(span.spanContext())) return undefined;
  return `00-${traceId}-${spanId}-${(traceFlags & 0xff).toString(16).padStart(2, '0')}`;
}

/** Whether `text` is a W3C traceparent (version 00) naming a valid trace and span. */
export function isTraceparent(text: string): boolean {
  const match = TRACEPARENT.exec(text);
  return match !== null && isSpanContextValid({ traceId: match[1]!, spanId: match[2]!, traceFlags: TraceFlags.NONE });
}

function contextOf(traceparent: string | undefined): Context {
  const match = traceparent ? TRACEPARENT.exec(traceparent) : null;
  if (!match) return ROOT_CONTEXT;
  const spanContext = { traceId: match[1]!, spanId: match[2]!, traceFlags: Number.parseInt(match[3]!, 16) & TraceFlags.SAMPLED, isRemote: true };
  return isSpanContextValid(spanContext) ? trace.setSpanContext(ROOT_CONTEXT, spanContext) : ROOT_CONTEXT;
}

export interface SpanOptions {
  kind: SpanKind;
  attributes: Attributes;
  /** The remote parent (a traceparent carried with a job); none: a new trace. */
  parent?: string;
  links?: Link[];
}

/**
 * Marks a span failed. Only the error's type is recorded: messages can quote URLs or values that are secret
 * (a webhook's address, a statement's parameters); the log line of the failure has the message.
 */
function failed(span: Span, error: unknown): void {
  const type = error instanceof Error ? error.name : typeof error;
  span.addEvent('exception', { 'exception.type': type });
  span.setStatus({ code: SpanStatusCode.ERROR, message: type });
}

/**
 * Runs `work` inside a new active span, ended when `work` settles (marked failed if it throws). Only called
 * when tracing is on.
 */
export function inSpan<T>(name: string, options: SpanOptions, work: () => Promise<T>): Promise<T> {
  const { parent, ...spanOptions } = options;
  return tracer.startActiveSpan(name, spanOptions, contextOf(parent), async (span) => {
    try {
      return await work();
    } catch (error) {
      failed(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}

export { SpanKind };
