import type { QueryOptions, Results, Transaction } from '@electric-sql/pglite';

/** A text seen this often is prepared: the ones sent once (migrations, rare reads) never are. */
const PREPARE_AFTER = 3;
/** Most statements kept prepared in the session; later ones take the normal path. */
const MAX_PREPARED = 500;
/** Most texts counted while waiting for their third sighting; the count starts over past it. */
const MAX_SIGHTINGS = 5_000;

/**
 * Names are counted, never derived from how many a session has prepared: two texts whose PREPAREs run at once
 * must not both take the next free one (the second would fail as "already exists" and never be prepared). One
 * count for the process, so that clients made for drizzle over one PGlite session never collide either.
 */
let statementsNamed = 0;

/** What a statement is run on: the client itself or an open transaction (both have query and exec). */
type Target = Pick<Transaction, 'query' | 'exec'>;

/**
 * The statements drizzle sends again and again, run as prepared statements of PGlite's one session. PGlite's
 * `query` sends parse, describe, bind and execute as separate rounds into WebAssembly and PostgreSQL parses and
 * plans the text each time; `EXECUTE name(...)` over the simple protocol is one round with none of that. EXECUTE
 * takes no bind parameters there, so each parameter goes as a string literal, which PostgreSQL reads with the
 * parameter type's input function, as it reads a parameter bound as text. A parameter that is not a string,
 * number, boolean or null sends its query the normal way.
 */
export class PreparedStatements {
  private readonly sightings = new Map<string, number>();
  /** Statement name by text; null when the text cannot be prepared (it then always takes the normal path). */
  private readonly names = new Map<string, string | null>();

  /** The query's result through its prepared statement, or undefined when it must take the normal path. */
  async run(target: Target, inTransaction: boolean, text: string, params: unknown[] | undefined, options: QueryOptions): Promise<Results | undefined> {
    const args = (params ?? []).map(literal);
    if (args.some((arg) => arg === undefined)) return undefined;
    const name = await this.nameFor(target, inTransaction, text);
    if (!name) return undefined;
    const results = await target.exec(args.length > 0 ? `execute ${name}(${args.join(', ')})` : `execute ${name}`, options);
    return results.at(-1);
  }

  private async nameFor(target: Target, inTransaction: boolean, text: string): Promise<string | undefined> {
    const known = this.names.get(text);
    if (known !== undefined) return known ?? undefined;
    const seen = (this.sightings.get(text) ?? 0) + 1;
    if (seen < PREPARE_AFTER || this.names.size >= MAX_PREPARED) {
      if (this.sightings.size >= MAX_SIGHTINGS) this.sightings.clear();
      this.sightings.set(text, seen);
      return undefined;
    }
    // Sent again while its PREPARE runs, a text takes the normal path: waiting for it could wait on a query
    // queued behind the caller's own transaction.
    this.sightings.delete(text);
    statementsNamed += 1;
    const name = `vigil_statement_${statementsNamed}`;
    const prepared = await prepare(target, inTransaction, name, text);
    this.names.set(text, prepared ? name : null);
    return prepared ? name : undefined;
  }
}

/**
 * PREPAREs `text` under `name`; false when PostgreSQL refuses (a statement kind it cannot prepare, a parameter
 * whose type it cannot infer). Sent with `query`, whose extended protocol takes one statement only, so a text
 * holding several can never run its others here. In a transaction a savepoint keeps a refusal from aborting it.
 */
async function prepare(target: Target, inTransaction: boolean, name: string, text: string): Promise<boolean> {
  if (inTransaction) await target.query('savepoint vigil_prepare');
  try {
    await target.query(`prepare ${name} as ${text}`);
    if (inTransaction) await target.query('release savepoint vigil_prepare');
    return true;
  } catch {
    if (inTransaction) await target.query('rollback to savepoint vigil_prepare');
    return false;
  }
}

/** A parameter as an SQL literal; undefined for kinds it does not take. */
function literal(value: unknown): string | undefined {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'string') return stringLiteral(value);
  if (typeof value === 'number' || typeof value === 'bigint') return `'${String(value)}'`;
  if (typeof value === 'boolean') return value ? "'true'" : "'false'";
  return undefined;
}

/** `text` as an SQL string literal. With standard_conforming_strings on, a backslash is an ordinary character; only quotes double. */
export function stringLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
