import { PorticoClient } from '@portico/client';

/** A client for the server named by PORTICO_URL (default http://127.0.0.1:7007) with PORTICO_TOKEN. */
export function clientFromEnv(): PorticoClient {
  return new PorticoClient({
    baseUrl: process.env.PORTICO_URL ?? 'http://127.0.0.1:7007',
    ...(process.env.PORTICO_TOKEN ? { token: process.env.PORTICO_TOKEN } : {}),
  });
}

/** Stops the command with a message and a non-zero exit code. */
export function fail(message: string): never {
  process.stderr.write(`error: ${message}\n`);
  process.exit(1);
}
