import { readFileSync } from 'node:fs';

// From src/app/ when run as TypeScript (tests), from dist/ when bundled.
const packageJson = new URL(import.meta.url.endsWith('.ts') ? '../../package.json' : '../package.json', import.meta.url);

/** This build's version, from package.json (the vigil_info metric). */
export const VIGIL_VERSION: string = (JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string }).version;
