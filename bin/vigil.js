#!/usr/bin/env node
// The `vigil` command. Runs the compiled bundle in dist/, rebuilding it first when src/ has changed,
// so `npm ci && npm start` is all a new user needs.
import { pathToFileURL } from 'node:url';
import { ensureBuilt } from './build.js';

process.setSourceMapsEnabled(true);
await import(pathToFileURL(await ensureBuilt()).href);
