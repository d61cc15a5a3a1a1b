import { PorticoError } from '@portico/model';

const MAX_REDIRECTS = 5;

/**
 * Fetches catalog files for imports by URL. Only hosts on the allow-list are fetched, redirects
 * included (each hop is checked), with a time limit and a size limit, so a client cannot make the
 * server probe the internal network or hold it on a slow or endless response.
 */
export class UrlReader {
  constructor(private readonly options: { allowedHosts: string[]; maxBytes: number; timeoutMs?: number }) {}

  /** Whether this URL may be fetched; `null` when it may, else the reason. */
  refusal(url: string): string | null {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return 'is not a valid URL';
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'must be an http or https URL';
    const hosts = this.options.allowedHosts;
    if (hosts.includes('*') || hosts.includes(parsed.hostname.toLowerCase()) || hosts.includes(parsed.host.toLowerCase())) return null;
    return hosts.length === 0
      ? 'cannot be fetched: this server fetches no URLs until PORTICO_IMPORT_ALLOWED_HOSTS names the hosts it may read'
      : `names host "${parsed.host}", which PORTICO_IMPORT_ALLOWED_HOSTS does not allow (${hosts.join(', ')})`;
  }

  /** @throws Error naming what went wrong (callers turn it into a report entry or a 4xx). */
  async read(url: string): Promise<string> {
    return (await this.fetch(url)).text;
  }

  /** The text and the URL it finally came from (after redirects, which relative paths resolve against). */
  async fetch(url: string): Promise<{ text: string; url: string }> {
    let current = url;
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      const refusal = this.refusal(current);
      if (refusal) throw new Error(`${current} ${refusal}`);
      const response = await fetch(current, { redirect: 'manual', signal: AbortSignal.timeout(this.options.timeoutMs ?? 15_000) })
        .catch((error: Error) => { throw new Error(`${current} could not be fetched: ${error.cause instanceof Error ? error.cause.message : error.message}`); });
      if (response.status >= 300 && response.status < 400 && response.headers.get('location')) {
        current = new URL(response.headers.get('location') ?? '', current).toString();
        continue;
      }
      if (!response.ok) throw new Error(`${current} answered ${response.status} ${response.statusText}`);
      return { text: await this.readBody(response, current), url: current };
    }
    throw new Error(`${url} redirects more than ${MAX_REDIRECTS} times`);
  }

  /** Reads the body up to the size limit. */
  private async readBody(response: Response, url: string): Promise<string> {
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of response.body ?? []) {
      size += (chunk as Uint8Array).byteLength;
      if (size > this.options.maxBytes) throw new Error(`${url} is larger than ${this.options.maxBytes} bytes`);
      chunks.push(chunk as Uint8Array);
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  /** Reads the URL a request names; failures are the client's to fix, so they answer 400 on `/url`. */
  async readRequested(url: string): Promise<{ text: string; url: string }> {
    const refusal = this.refusal(url);
    if (refusal) throw new PorticoError('VALIDATION_FAILED', `Cannot import ${url}: it ${refusal}`, [{ path: '/url', message: refusal }]);
    try {
      return await this.fetch(url);
    } catch (error) {
      throw new PorticoError('VALIDATION_FAILED', `Cannot import: ${(error as Error).message}`, [{ path: '/url', message: (error as Error).message }]);
    }
  }
}
