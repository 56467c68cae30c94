#!/usr/bin/env node
// The `vigil` command. Runs the compiled bundle in dist/, rebuilding it first when src/ has changed (and the
// web dashboard when web/ has, for the roles that serve it), so `npm ci && npm start` is all a new user needs.
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureBuilt, ensureWebBuiltApart } from './build.js';

process.setSourceMapsEnabled(true);
const command = process.argv[2];
if (command === 'start' || command === 'api') ensureWebBuiltApart();
const cli = await ensureBuilt();
// OpenTelemetry tracing, when the OTEL_* variables ask for it, starts before the CLI loads what it instruments.
await import(pathToFileURL(join(dirname(cli), 'tracing.js')).href);
await import(pathToFileURL(cli).href);
