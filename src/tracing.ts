// Loaded by bin/vigil.js before the CLI, so that instrumentation is in place before `pg` is imported. When the
// OTEL_* variables do not ask for traces it loads nothing more: no SDK, no loader hook. Only the serving roles
// are traced: the one-off commands have nothing to trace, and `vigil setup --password …` would put its
// arguments in the resource's process.command_args.
import { tracingConfigured } from './lib/tracing.ts';

const SERVING = new Set(['start', 'api', 'worker', 'scheduler']);

if (SERVING.has(process.argv[2] ?? '') && tracingConfigured(process.env)) {
  const { startTracing } = await import('./lib/tracing-sdk.ts');
  await startTracing(process.env);
}
