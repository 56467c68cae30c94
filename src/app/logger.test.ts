import { DrizzleQueryError } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';

describe('the logger', () => {
  it("keeps a failed query's parameters out of the log, and its query text and cause in", () => {
    const lines: string[] = [];
    const log = createLogger({ LOG_LEVEL: 'info', VIGIL_LOG_PRETTY: false }, { write: (line: string) => void lines.push(line) });
    const cause = Object.assign(new Error('duplicate key value violates unique constraint "users_email_key"'), { code: '23505', detail: 'Key (lower(email))=(ada@example.com) already exists.' });
    const secret = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g';
    log.error({ err: new DrizzleQueryError('insert into "users" ("email", "password_hash") values ($1, $2)', ['ada@example.com', `multi\nline: ${secret}`], cause) }, 'unhandled error');
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('argon2id');
    expect(lines[0]).not.toContain('ada@example.com');
    const { err } = JSON.parse(lines[0]!) as { err: { message: string; stack: string; query: string; params?: unknown } };
    expect(err.params).toBeUndefined();
    expect(err.query).toBe('insert into "users" ("email", "password_hash") values ($1, $2)');
    expect(err.message).toMatch(/^Failed query: insert into "users" .*\nparams: \[redacted\]: duplicate key value violates unique constraint "users_email_key"$/s);
    expect(err.stack).toContain('caused by: Error: duplicate key value');
  });

  it('keeps them out when the failed query is the cause of the error logged', () => {
    const lines: string[] = [];
    const log = createLogger({ LOG_LEVEL: 'info', VIGIL_LOG_PRETTY: false }, { write: (line: string) => void lines.push(line) });
    const failed = new DrizzleQueryError('select 1 where $1', ['vgls_session-token-hash'], undefined);
    log.error({ err: new Error('the fold pass failed', { cause: failed }) }, 'fold failed');
    expect(lines[0]).not.toContain('session-token-hash');
    expect(JSON.parse(lines[0]!).err.message).toBe('the fold pass failed: Failed query: select 1 where $1\nparams: [redacted]');
  });

  it('serialises other errors as before', () => {
    const lines: string[] = [];
    const log = createLogger({ LOG_LEVEL: 'info', VIGIL_LOG_PRETTY: false }, { write: (line: string) => void lines.push(line) });
    log.warn({ err: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) }, 'mail not sent');
    expect(JSON.parse(lines[0]!).err).toMatchObject({ type: 'Error', message: 'connect ECONNREFUSED', code: 'ECONNREFUSED' });
  });
});
