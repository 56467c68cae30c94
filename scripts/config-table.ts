// Writes the configuration table generated from src/config/config.ts into the README.
import { readFileSync, writeFileSync } from 'node:fs';
import { CONFIG_TABLE_END, CONFIG_TABLE_START, configTable } from '../src/config/config-table.ts';

const readme = readFileSync('README.md', 'utf8');
const start = readme.indexOf(CONFIG_TABLE_START);
const end = readme.indexOf(CONFIG_TABLE_END);
if (start < 0 || end < 0) throw new Error('README.md has no configuration table markers');
writeFileSync('README.md', `${readme.slice(0, start + CONFIG_TABLE_START.length)}\n${configTable()}\n${readme.slice(end)}`);
console.log('README.md configuration table updated.');
