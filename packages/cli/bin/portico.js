#!/usr/bin/env node
// Runs the TypeScript CLI without a build step: tsx registers a loader for .ts files.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
