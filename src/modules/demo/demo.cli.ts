import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { and, asc, count, eq } from 'drizzle-orm';
import { openCommandDeps } from '../../app/command-deps.ts';
import type { Deps } from '../../app/deps.ts';
import { type Config, publicUrl } from '../../config/config.ts';
import { AppError } from '../../http/errors.ts';
import type { Actor } from '../orgs/actor.ts';
import { setupInstance } from '../orgs/orgs.commands.ts';
import { organizations, users } from '../orgs/orgs.tables.ts';
import { DEFAULT_SEED, MAX_SEED } from './demo.schema.ts';
import { type DemoSummary, seedDemo } from './demo.seed.ts';

const ORGANISATION = 'Acme Corp (demo)';
const DEFAULT_EMAIL = 'demo@vigil.local';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const origin = { ip: 'cli', requestId: 'vigil-demo' };

interface DemoOptions {
  email?: string;
  password?: string;
  organizationId?: string;
  seed: number;
}

function options(args: string[]): DemoOptions {
  let values;
  try {
    values = parseArgs({ args, options: { email: { type: 'string' }, password: { type: 'string' }, 'organization-id': { type: 'string' }, seed: { type: 'string' } } }).values;
  } catch (error) {
    throw new AppError('validation_failed', `vigil demo: ${(error as Error).message}`);
  }
  const seed = values.seed === undefined ? DEFAULT_SEED : Number(values.seed);
  if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) throw new AppError('validation_failed', `vigil demo: --seed must be a whole number from 0 to ${MAX_SEED}.`);
  if (values.password !== undefined && values.password.length < 12) throw new AppError('validation_failed', 'vigil demo: --password must be at least 12 characters long.');
  const organizationId = values['organization-id'];
  if (organizationId !== undefined && !UUID.test(organizationId)) throw new AppError('validation_failed', 'vigil demo: --organization-id must be the id (a UUID) of an organisation.');
  if (organizationId !== undefined && (values.email !== undefined || values.password !== undefined)) {
    throw new AppError('validation_failed', 'vigil demo: --email and --password are for a new instance; with --organization-id the demo goes into that organisation as one of its admins.');
  }
  return { email: values.email, password: values.password, organizationId, seed };
}

/**
 * `vigil demo`: on an instance without users, creates "Acme Corp (demo)" and its admin, then seeds it; on one
 * with users, seeds the organisation named by --organization-id (which must have no services).
 */
export async function demoCommand(args: string[], config: Config): Promise<number> {
  const given = options(args);
  const { deps, close } = await openCommandDeps(config);
  try {
    const [existing] = await deps.store.db.select({ n: count() }).from(users);
    if ((existing?.n ?? 0) === 0) return await newDemoInstance(deps, given);
    if (!given.organizationId) {
      console.error(
        'This instance is set up already. To add demo data to one of its organisations (it must have no services yet), run\n' +
          '  vigil demo --organization-id <uuid>\nor, as an admin of the organisation, POST /api/v1/demo.',
      );
      return 1;
    }
    const summary = await seedDemo(deps, await adminOf(deps, given.organizationId), given.seed);
    console.log(`Demo data added to organisation ${given.organizationId}: ${describe(summary)}.`);
    console.log('Sign in as before; the demo people are responders whose e-mail addresses go nowhere.');
    return 0;
  } finally {
    await close();
  }
}

async function newDemoInstance(deps: Deps, given: DemoOptions): Promise<number> {
  const email = given.email ?? DEFAULT_EMAIL;
  const password = given.password ?? randomBytes(18).toString('base64url');
  const created = await setupInstance(deps, { organization: ORGANISATION, email, password, name: 'Demo Admin' }, origin);
  const admin: Actor = { orgId: created.organizationId, type: 'user', id: created.userId, userId: created.userId, role: 'admin', ...origin };
  const summary = await seedDemo(deps, admin, given.seed);
  console.log(`Organisation ${JSON.stringify(ORGANISATION)} created and filled with demo data: ${describe(summary)}.`);
  console.log(`Start Vigil (vigil start) and sign in at ${publicUrl(deps.config, deps.config.PORT)} as ${email}`);
  if (!given.password) console.log(`Generated password (shown once): ${password}`);
  console.log(`Admin API token (shown once): ${created.token}`);
  console.log('One demo incident is still triggered: once Vigil runs, it pages the demo people on call (their addresses go nowhere).');
  return 0;
}

/** The organisation's first admin: the demo is set up in their name, as if they had called POST /api/v1/demo. */
async function adminOf(deps: Deps, organizationId: string): Promise<Actor> {
  const [organization] = await deps.store.db.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, organizationId));
  if (!organization) throw new AppError('not_found', `vigil demo: there is no organisation ${organizationId} in this store.`);
  const [admin] = await deps.store.db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.orgId, organizationId), eq(users.role, 'admin')))
    .orderBy(asc(users.createdAt))
    .limit(1);
  if (!admin) throw new AppError('unprocessable', `vigil demo: organisation ${organizationId} has no admin to add the demo in the name of.`);
  return { orgId: organizationId, type: 'user', id: admin.id, userId: admin.id, role: 'admin', ...origin };
}

function describe(summary: DemoSummary): string {
  return `${summary.services} services, ${summary.users} people, ${summary.schedules} schedules, ${summary.escalation_policies} escalation policies, ${summary.incidents} incidents`;
}
