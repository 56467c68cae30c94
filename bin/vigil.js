#!/usr/bin/env node
// Runs the TypeScript sources directly (no build step): `npm ci && npm start` is all a new user needs.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
