import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { PorticoError } from '@portico/model';

/** Where the built portal lives in this repository (`npm run build` writes it). */
export const DEFAULT_WEB_DIR = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

/**
 * Serves the web portal on the same port as the API: hashed assets with a year of caching, and
 * index.html for every other path that is not the API, so each page has a shareable URL.
 */
export async function registerWebUi(app: FastifyInstance, webDir: string): Promise<void> {
  const index = join(webDir, 'index.html');
  const built = existsSync(index);
  await app.register(fastifyStatic, { root: built ? webDir : fileURLToPath(new URL('.', import.meta.url)), serve: false });
  app.get('/assets/*', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
    const path = (request.params as { '*': string })['*'];
    if (!built || path.includes('..')) throw new PorticoError('NOT_FOUND', 'No such asset');
    return reply.header('cache-control', 'public, max-age=31536000, immutable').sendFile(join('assets', path));
  });
  const page = built ? readFileSync(index, 'utf8') : null;
  app.get('/*', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
    if (request.url.startsWith('/api/')) throw new PorticoError('NOT_FOUND', `Route GET ${request.url.split('?')[0]} not found`);
    if (!page) {
      return reply.type('text/plain').status(503).send('The web portal is not built. Run `npm run build` (npm start does it for you), then reload.');
    }
    return reply.header('cache-control', 'no-cache').type('text/html').send(page);
  });
}
