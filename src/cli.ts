import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { constants as osConstants } from 'node:os';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { openSecretBox } from './adapters/open-secret-box.ts';
import { resealSecrets } from './integrations/reseal-secrets.ts';
import { openStore } from './adapters/open-store.ts';
import { hasDatabaseCluster } from './adapters/pglite/database-cluster.ts';
import { openCommandDeps } from './app/command-deps.ts';
import { createLogger } from './app/logger.ts';
import { createVigil, type Role } from './app/vigil.ts';
import { ConfigError, loadConfig } from './config/config.ts';
import { watch } from './cli-watch.ts';
import { AppError } from './http/errors.ts';
import { flushTracing } from './lib/tracing.ts';
import { demoCommand } from './modules/demo/demo.cli.ts';
import { setupInstance } from './modules/orgs/orgs.commands.ts';
import { exportCommand, importCommand } from './modules/transfer/transfer.cli.ts';

const usage = `Usage: vigil <command>

  start     run everything in one process: API, ingestion, fold, web (npm start)
  api       run the HTTP API and ingestion (scaled mode: run many)
  worker    run the background fold and the job workers: notifications, integrations, housekeeping (scaled mode: run many)
  scheduler run what happens on time: escalation timers, the outbox relay, heartbeat checks, cron schedules
            (scaled mode: run one or more; no leader is elected)
  setup     create the first organisation and admin:  vigil setup --email you@example.com --organization "Acme" [--password ...]
  demo      fill an instance with a demo organisation: services, people, schedules, three weeks of incidents
            vigil demo [--email demo@vigil.local] [--password ...] [--seed N]   (on an instance without users)
            vigil demo --organization-id <uuid> [--seed N]   (into an existing organisation without services)
  migrate   apply database migrations and exit
  watch     print the live stream of incidents:  vigil watch --url http://vigil:8080 --token <API key> [--services id,...] [--types incident.*]
  reseal-secrets
            after a VIGIL_SECRET_KEY rotation: seal every stored credential under the current key
  export    write one organisation's data as JSON Lines:  vigil export --organization <id or name> [--out FILE]
            (default stdout; the embedded store must not be in use: stop Vigil first)
  import    load an export into this store, in one transaction:  vigil import [--in FILE] (default stdin)

Configuration comes from environment variables; see the README.`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help') {
    console.log(usage);
    return command ? 0 : 1;
  }
  // A client of a running Vigil: it needs none of the server's configuration.
  if (command === 'watch') return watch(rest);
  const config = loadConfig();
  const log = createLogger(config);
  switch (command) {
    case 'start':
    case 'api':
    case 'worker':
    case 'scheduler':
      return serve(command === 'start' ? 'all' : command, config, log);
    case 'migrate': {
      const store = await openStore(config);
      await store.close();
      console.log(`Migrations applied (${config.DATABASE_URL ? 'PostgreSQL' : `embedded store in ${config.VIGIL_DATA_DIR}`}).`);
      return 0;
    }
    case 'setup':
      return setup(rest, config);
    case 'demo':
      return demoCommand(rest, config);
    case 'reseal-secrets': {
      const box = openSecretBox(config);
      if (!box.available) {
        console.error('Set VIGIL_SECRET_KEY to the new key (and VIGIL_SECRET_KEY_PREVIOUS to the old one) first.');
        return 1;
      }
      const store = await openStore(config);
      try {
        const { checked, resealed } = await resealSecrets(store, box);
        console.log(`${resealed} of ${checked} stored credentials re-sealed under the current key.`);
        return 0;
      } finally {
        await store.close();
      }
    }
    case 'export':
      return exportCommand(rest, config);
    case 'import':
      return importCommand(rest, config);
    default:
      console.error(`Unknown command ${JSON.stringify(command)}.\n\n${usage}`);
      return 1;
  }
}

async function serve(role: Role, config: ReturnType<typeof loadConfig>, log: ReturnType<typeof createLogger>): Promise<number> {
  const started = Date.now();
  if (!config.DATABASE_URL && !hasDatabaseCluster(config.VIGIL_DATA_DIR)) {
    const code = await createEmbeddedStoreApart(log);
    if (code !== 0) return code;
  }
  const vigil = await createVigil({ config, role, log });
  const port = await vigil.listen();
  log.info({ role, port, store: vigil.deps.store.kind, readyInMs: Date.now() - started }, `Vigil is serving on ${vigil.deps.publicUrl()}`);
  await new Promise<void>((resolve) => {
    const shutdown = (signal: string) => {
      log.info({ signal }, 'shutting down: draining requests and pending writes');
      const force = setTimeout(() => {
        log.error('graceful shutdown took too long; exiting');
        process.exit(1);
      }, config.VIGIL_SHUTDOWN_TIMEOUT_MS);
      force.unref();
      vigil.stop().then(resolve, (error: unknown) => {
        log.error({ err: error }, 'error during shutdown');
        resolve();
      });
    };
    process.once('SIGTERM', shutdown);
    process.once('SIGINT', shutdown);
  });
  log.info('stopped');
  return 0;
}

/**
 * A new embedded store is created (initdb, migrations) by a `vigil migrate` child: creating it leaves ~100 MB
 * of freed memory that the C allocator keeps, which the server would otherwise carry for as long as it runs.
 */
async function createEmbeddedStoreApart(log: ReturnType<typeof createLogger>): Promise<number> {
  log.info('creating the embedded store');
  const nodeOptions = process.execArgv.filter((option) => !option.startsWith('--inspect'));
  const child = spawn(process.execPath, [...nodeOptions, process.argv[1] ?? '', 'migrate'], { stdio: ['ignore', 'inherit', 'inherit'] });
  const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
  return code ?? (signal ? 128 + (osConstants.signals[signal] ?? 0) : 1);
}

async function setup(args: string[], config: ReturnType<typeof loadConfig>): Promise<number> {
  const { values } = parseArgs({ args, options: { email: { type: 'string' }, organization: { type: 'string' }, password: { type: 'string' }, name: { type: 'string' } } });
  if (!values.email || !values.organization) {
    console.error('vigil setup needs --email and --organization.');
    return 1;
  }
  let password = values.password ?? process.env['VIGIL_ADMIN_PASSWORD'];
  let generated = false;
  if (!password && process.stdin.isTTY) {
    const prompt = createInterface({ input: process.stdin, output: process.stdout });
    password = (await prompt.question('Password for the admin (12 characters or more): ')).trim();
    prompt.close();
  }
  if (!password) {
    password = randomBytes(18).toString('base64url');
    generated = true;
  }
  if (password.length < 12) {
    console.error('The password must be at least 12 characters long.');
    return 1;
  }
  // Setup creates an organisation and its admin; it pages nobody.
  const { deps, close } = await openCommandDeps(config);
  try {
    const created = await setupInstance(deps, { email: values.email, organization: values.organization, password, name: values.name }, { ip: 'cli', requestId: 'vigil-setup' });
    console.log(`Organisation ${JSON.stringify(values.organization)} created with admin ${values.email}.`);
    if (generated) console.log(`Generated password (shown once): ${password}`);
    console.log(`Admin API token (shown once): ${created.token}`);
    return 0;
  } finally {
    await close();
  }
}

// Spans still buffered are exported before the process ends (nothing to do when tracing is off).
const exit = (code: number) => flushTracing().finally(() => process.exit(code));

main(process.argv.slice(2)).then(exit, (error: unknown) => {
  if (error instanceof ConfigError || error instanceof AppError || (error instanceof Error && error.name === 'DataDirLockedError')) {
    console.error(error.message);
  } else {
    console.error(error);
  }
  return exit(1);
});
