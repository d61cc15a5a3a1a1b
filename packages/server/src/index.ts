export { loadConfig, isLoopbackHost } from './config.ts';
export type { Config } from './config.ts';
export { buildPortico } from './app.ts';
export type { Portico, Services } from './app.ts';
export { serve } from './serve.ts';
export { openDatabase } from './db/open-database.ts';
export type { Database } from './db/database.ts';
export { resolveRelative } from './imports/index.ts';
