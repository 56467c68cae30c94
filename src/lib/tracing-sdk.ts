import { register } from 'node:module';
import { tracingStarted } from './tracing.ts';

/**
 * Starts the OpenTelemetry SDK for this process, configured by the standard OTEL_* variables (exporter and
 * protocol, endpoint and headers, sampler, resource attributes, propagators, batch sizes), with PostgreSQL
 * query spans. Must run before `pg` is first imported: the loader hook below wraps it as it loads.
 * Vigil exports traces only: its metrics are on /metrics and its logs on standard output.
 */
export async function startTracing(env: Record<string, string | undefined>): Promise<void> {
  // Only `pg` is wrapped (an ESM import of a CommonJS package); every other module loads untouched.
  register('@opentelemetry/instrumentation/hook.mjs', import.meta.url, { data: { include: ['pg'] } });
  const [{ NodeSDK }, { PgInstrumentation }] = await Promise.all([import('@opentelemetry/sdk-node'), import('@opentelemetry/instrumentation-pg')]);
  const sdk = new NodeSDK({
    // Named by OTEL_SERVICE_NAME or service.name in OTEL_RESOURCE_ATTRIBUTES when given, else "vigil".
    ...(!serviceNamed(env) && { serviceName: 'vigil' }),
    // Queries are traced within a request or job only: the engine's and the fold's polls would drown the rest.
    // Statements are parameterised; their values (secrets among them) are never recorded.
    instrumentations: [new PgInstrumentation({ requireParentSpan: true, enhancedDatabaseReporting: false, ignoreConnectSpans: true })],
    metricReaders: [],
    logRecordProcessors: [],
  });
  sdk.start();
  tracingStarted(() => sdk.shutdown());
}

function serviceNamed(env: Record<string, string | undefined>): boolean {
  if (env['OTEL_SERVICE_NAME']?.trim()) return true;
  return (env['OTEL_RESOURCE_ATTRIBUTES'] ?? '').split(',').some((pair) => pair.split('=')[0]?.trim() === 'service.name');
}
