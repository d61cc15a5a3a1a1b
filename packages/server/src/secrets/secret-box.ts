import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PorticoError } from '@portico/model';

/**
 * Encrypts secrets at rest (AES-256-GCM) with the portal's key: `PORTICO_SECRET_KEY` (32 bytes,
 * base64 or hex), or, in the embedded setup, a key generated once into the data folder (mode 0600).
 */
export class SecretBox {
  private constructor(private readonly key: Buffer | null) {}

  static fromConfig(options: { key?: string | undefined; dataDir?: string | null }): SecretBox {
    if (options.key) return new SecretBox(parseKey(options.key));
    if (options.dataDir) {
      const file = join(options.dataDir, 'secret.key');
      if (!existsSync(file)) {
        mkdirSync(options.dataDir, { recursive: true });
        writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600 });
      }
      return new SecretBox(parseKey(readFileSync(file, 'utf8').trim()));
    }
    return new SecretBox(null);
  }

  get configured(): boolean {
    return this.key !== null;
  }

  seal(plain: string): string {
    const key = this.requireKey();
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `v1.${iv.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}.${body.toString('base64url')}`;
  }

  open(sealed: string): string {
    const key = this.requireKey();
    const [version, iv, tag, body] = sealed.split('.');
    if (version !== 'v1' || !iv || !tag || body === undefined) throw new Error('not a sealed secret');
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  }

  private requireKey(): Buffer {
    if (!this.key) throw new PorticoError('UNAVAILABLE', 'Secrets need a key: set PORTICO_SECRET_KEY (32 random bytes, base64) on every server process', [], 'user');
    return this.key;
  }
}

function parseKey(text: string): Buffer {
  const key = /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length !== 32) throw new Error('PORTICO_SECRET_KEY must be 32 bytes (base64 or hex)');
  return key;
}
