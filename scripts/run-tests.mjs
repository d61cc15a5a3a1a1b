#!/usr/bin/env node
// Runs every *.test.ts under packages/ with Node's test runner (tsx loads TypeScript).
// --database-only runs just the server's tests, which use the database (CI reruns them on PostgreSQL).
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const databaseOnly = process.argv.includes('--database-only');
const filters = process.argv.slice(2).filter((a) => !a.startsWith('--'));

function find(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...find(path));
    else if (name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

let files = find('packages').sort();
if (databaseOnly) files = files.filter((f) => f.startsWith(join('packages', 'server')));
if (filters.length) files = files.filter((f) => filters.some((x) => f.includes(x)));
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
