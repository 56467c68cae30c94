import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const migrations = join(root, 'src/migrations');

/**
 * Creating a PGlite data dir costs seconds; copying a migrated one costs milliseconds. The template is keyed
 * by the migrations, so a new migration makes a new template.
 */
export function templateDataDir(): string {
  const hash = createHash('sha256');
  for (const file of readdirSync(migrations).filter((name) => name.endsWith('.sql')).sort()) hash.update(readFileSync(join(migrations, file)));
  return join(root, '.test-template', hash.digest('hex').slice(0, 16));
}
