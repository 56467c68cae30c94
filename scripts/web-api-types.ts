// Writes the web dashboard's API types from the OpenAPI document of a Vigil booted on a throwaway data dir.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createVigil } from '../src/app/vigil.ts';
import { loadConfig } from '../src/config/config.ts';
import { API_TYPES_FILE, renderApiTypes } from '../test/web/api-types.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'vigil-api-types-'));
try {
  const vigil = await createVigil({ config: loadConfig({ VIGIL_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent' }), role: 'all', log: pino({ level: 'silent' }) });
  await vigil.http.ready();
  writeFileSync(API_TYPES_FILE, await renderApiTypes(vigil.http.swagger()));
  await vigil.stop();
  console.log(`${API_TYPES_FILE} written.`);
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
