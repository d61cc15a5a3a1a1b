import type { FastifyInstance } from 'fastify';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import { PorticoError } from '@portico/model';
import { hashToken } from '../auth/auth.service.ts';

/**
 * Security headers on every answer and a request budget per client.
 *
 * The Content-Security-Policy admits scripts from this origin only (the portal's build has no
 * inline script). Styles allow inline attributes because the component library sets them at
 * run time; that is the one relaxation, and it cannot run code.
 */
export async function registerHardening(app: FastifyInstance, options: { rateLimitPerMinute: number }): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'https:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    // Cross-origin isolation headers would break links to API definitions and images elsewhere.
    crossOriginEmbedderPolicy: false,
    hsts: false,
  });
  if (options.rateLimitPerMinute > 0) {
    await app.register(rateLimit, {
      max: options.rateLimitPerMinute,
      timeWindow: 60_000,
      // One budget per token (hashed, never kept in clear), otherwise per address.
      keyGenerator: (request) => {
        const auth = request.headers.authorization;
        return auth ? `token:${hashToken(auth).slice(0, 32)}` : `ip:${request.ip}`;
      },
      errorResponseBuilder: (_request, context) => new PorticoError('RATE_LIMITED', `Too many requests: the limit is ${context.max} a minute; retry in ${Math.ceil(context.ttl / 1000)} s`),
    });
  }
}
