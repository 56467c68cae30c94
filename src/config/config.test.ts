import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { CONFIG_TABLE_END, CONFIG_TABLE_START, configTable } from './config-table.ts';
import { createLogger } from '../app/logger.ts';
import { ConfigError, loadConfig } from './config.ts';

it('defaults to the embedded store on 127.0.0.1:8080', () => {
  const config = loadConfig({});
  expect(config).toMatchObject({ PORT: 8080, HOST: '127.0.0.1', VIGIL_DATA_DIR: './data', DATABASE_URL: undefined, VIGIL_EMBEDDED_FSYNC: true });
});

it('names every bad variable and why', () => {
  expect(() => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' })).toThrow(ConfigError);
  try {
    loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' });
  } catch (error) {
    const message = (error as Error).message;
    expect(message).toMatch(/PORT: .*"eighty"/);
    expect(message).toMatch(/DATABASE_URL: .*"mysql:\/\/x"/);
    expect(message).toMatch(/LOG_LEVEL: .*"loud"/);
  }
});

it('treats an empty variable as unset', () => {
  expect(loadConfig({ DATABASE_URL: '' }).DATABASE_URL).toBeUndefined();
});

it('keeps the README configuration table in step with the schema', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const table = readme.slice(readme.indexOf(CONFIG_TABLE_START) + CONFIG_TABLE_START.length, readme.indexOf(CONFIG_TABLE_END)).trim();
  expect(table, 'run `npm run docs:config`').toBe(configTable());
});

it('accepts smtp:// and smtps:// mail servers only, and has a sender by default', () => {
  expect(loadConfig({ SMTP_URL: 'smtp://u:p@mail.example.com:587' }).SMTP_URL).toBe('smtp://u:p@mail.example.com:587');
  expect(loadConfig({ SMTP_URL: 'smtps://mail.example.com' }).SMTP_URL).toBe('smtps://mail.example.com');
  expect(() => loadConfig({ SMTP_URL: 'http://mail.example.com' })).toThrow(/SMTP_URL/);
  expect(loadConfig({}).MAIL_FROM).toBe('Vigil <vigil@localhost>');
});

it('never writes SMTP_URL (it holds the mail password) to the log', () => {
  const lines: string[] = [];
  const config = loadConfig({ SMTP_URL: 'smtp://vigil:s3cret-pass@mail.example.com:587', LOG_LEVEL: 'info' });
  const log = createLogger(config, { write: (line: string) => void lines.push(line) });
  log.info({ config }, 'configuration');
  log.info({ SMTP_URL: config.SMTP_URL }, 'top level');
  expect(lines).toHaveLength(2);
  expect(lines.join('')).not.toContain('s3cret-pass');
  expect(JSON.parse(lines[0]!).config.SMTP_URL).toBe('[redacted]');
});
