/** Body of `POST /api/v1/import`. */
export interface ImportRequest {
  format: 'backstage' | 'csv' | 'json';
  /** One file's text. */
  content?: string;
  /** A file for the server to fetch (http/https, hosts allowed by `PORTICO_IMPORT_ALLOWED_HOSTS`). */
  url?: string;
  /** Several files by relative path (Backstage Location targets resolve among them). */
  files?: Record<string, string>;
  /** Which of `files` to start from. */
  entry?: string;
  /** CSV and JSON: the blueprint of every row (JSON items may name their own). */
  blueprint?: string;
  /** CSV: column → `identifier` | `title` | `team` | `properties.x` | `relations.x`. */
  mapping?: Record<string, string>;
  dryRun?: boolean;
  createMissingRelated?: boolean;
}

export const importRequestSchema = {
  type: 'object',
  required: ['format'],
  additionalProperties: false,
  properties: {
    format: { enum: ['backstage', 'csv', 'json'] },
    content: { type: 'string' },
    url: { type: 'string', pattern: '^https?://' },
    files: { type: 'object', additionalProperties: { type: 'string' }, maxProperties: 10000 },
    entry: { type: 'string' },
    blueprint: { type: 'string' },
    mapping: { type: 'object', additionalProperties: { type: 'string' } },
    dryRun: { type: 'boolean' },
    createMissingRelated: { type: 'boolean' },
  },
  oneOf: [{ required: ['content'] }, { required: ['files'] }, { required: ['url'] }],
} as const;
