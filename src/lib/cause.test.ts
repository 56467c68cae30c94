import fc from 'fast-check';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { type Cause, causedLog, decodeCause, encodeCause } from './cause.ts';
import { tracingConfigured } from './tracing.ts';

const hex = (length: number) => fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: length, maxLength: length });
const traceparent = fc
  .tuple(hex(32), hex(16), fc.constantFrom('00', '01'))
  .filter(([trace, span]) => /[1-9a-f]/.test(trace) && /[1-9a-f]/.test(span))
  .map(([trace, span, flags]) => `00-${trace}-${span}-${flags}`);
// Request ids are what clients send in x-request-id (or a UUID); decoding must not trust them to be tidy.
const reqId = fc.string({ unit: 'binary', minLength: 1, maxLength: 200 });
const cause: fc.Arbitrary<Cause> = fc.record({ reqId, traceparent }, { requiredKeys: [] });

describe('the cause carried with background work', () => {
  it('reads back what it wrote: the request id whatever its characters, the traceparent when valid', () => {
    fc.assert(
      fc.property(cause, (given) => {
        const expected = given.reqId === undefined && given.traceparent === undefined ? undefined : given;
        expect(decodeCause(encodeCause(given))).toEqual(expected);
      }),
    );
  });

  it('never yields a malformed traceparent or an over-long request id from any stored text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 400 }), fc.tuple(fc.string(), fc.string()).map(([a, b]) => `${a} ${b}`)), (text) => {
        const decoded = decodeCause(text);
        if (decoded?.traceparent !== undefined) expect(decoded.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/);
        if (decoded?.reqId !== undefined) expect(decoded.reqId.length).toBeLessThanOrEqual(200);
      }),
    );
  });

  it('drops an all-zero trace id, which W3C reserves as invalid', () => {
    expect(decodeCause(`00-${'0'.repeat(32)}-${'1'.repeat(16)}-01 req-1`)).toEqual({ reqId: 'req-1' });
    expect(encodeCause({ traceparent: `00-${'0'.repeat(32)}-${'1'.repeat(16)}-01` })).toBeNull();
  });

  it('names the cause’s request on every line of a caused log, and adds nothing when there is none', () => {
    const lines: Array<Record<string, unknown>> = [];
    const log = pino({ base: null }, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
    causedLog(log, { reqId: 'ack-42', traceparent: `00-${'ab'.repeat(16)}-${'cd'.repeat(8)}-01` }).info({ jobId: '7' }, 'caused');
    causedLog(log, { traceparent: `00-${'ab'.repeat(16)}-${'cd'.repeat(8)}-01` }).info('traced only');
    causedLog(log, undefined).info('uncaused');
    expect(lines.map(({ reqId, jobId, msg }) => ({ reqId, jobId, msg }))).toEqual([
      { reqId: 'ack-42', jobId: '7', msg: 'caused' },
      { reqId: undefined, jobId: undefined, msg: 'traced only' },
      { reqId: undefined, jobId: undefined, msg: 'uncaused' },
    ]);
  });
});

describe('whether tracing is configured', () => {
  it.each([
    [{}, false],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, true],
    [{ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' }, true],
    [{ OTEL_TRACES_EXPORTER: 'otlp' }, true],
    [{ OTEL_TRACES_EXPORTER: 'console' }, true],
    [{ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, false],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'true' }, false],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: '  ' }, false],
    [{ OTEL_SERVICE_NAME: 'vigil' }, false],
  ] as Array<[Record<string, string>, boolean]>)('%j → %s', (env, expected) => {
    expect(tracingConfigured(env)).toBe(expected);
  });
});
