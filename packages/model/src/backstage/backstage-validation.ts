import type { ErrorDetail } from '../errors.ts';

// The rules of Backstage's KubernetesValidatorFunctions, which the catalog applies to every entity.
const NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS_LABEL = /^[a-z0-9]+(?:-+[a-z0-9]+)*$/;
const TAG = /^[a-z0-9:+#]+(-[a-z0-9:+#]+)*$/;
const KIND = /^[a-zA-Z][a-z0-9A-Z]*$/;
const API_VERSION = /^([a-z0-9.-]+\/)?v[0-9]+((alpha|beta)[0-9]+)?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]+(?:[-.][a-z0-9]+)*$/;

/** Checks the envelope of a Backstage entity document; returns a detail per problem. */
export function validateBackstageEnvelope(doc: unknown): ErrorDetail[] {
  const issues: ErrorDetail[] = [];
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return [{ path: '', message: 'must be an object with apiVersion, kind, metadata' }];
  const entity = doc as Record<string, unknown>;
  if (typeof entity.apiVersion !== 'string' || !API_VERSION.test(entity.apiVersion)) issues.push({ path: '/apiVersion', message: 'must be like "backstage.io/v1alpha1"' });
  if (typeof entity.kind !== 'string' || entity.kind.length > 63 || !KIND.test(entity.kind)) issues.push({ path: '/kind', message: 'must be letters and digits, starting with a letter' });
  const metadata = entity.metadata;
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
    issues.push({ path: '/metadata', message: 'is required and must be an object' });
    return issues;
  }
  const meta = metadata as Record<string, unknown>;
  if (typeof meta.name !== 'string' || meta.name.length > 63 || !NAME.test(meta.name)) {
    issues.push({ path: '/metadata/name', message: 'must be 1-63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit' });
  }
  if (meta.namespace !== undefined && (typeof meta.namespace !== 'string' || meta.namespace.length > 63 || !DNS_LABEL.test(meta.namespace))) {
    issues.push({ path: '/metadata/namespace', message: 'must be a DNS label: lower-case letters, digits and "-"' });
  }
  if (meta.title !== undefined && typeof meta.title !== 'string') issues.push({ path: '/metadata/title', message: 'must be a string' });
  if (meta.description !== undefined && typeof meta.description !== 'string') issues.push({ path: '/metadata/description', message: 'must be a string' });
  if (meta.tags !== undefined) {
    if (!Array.isArray(meta.tags)) issues.push({ path: '/metadata/tags', message: 'must be an array' });
    else meta.tags.forEach((tag, index) => {
      if (typeof tag !== 'string' || tag.length > 63 || !TAG.test(tag)) issues.push({ path: `/metadata/tags/${index}`, message: 'must be lower-case letters, digits, ":", "+", "#" separated by "-"' });
    });
  }
  for (const field of ['labels', 'annotations'] as const) {
    const value = meta[field];
    if (value === undefined) continue;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      issues.push({ path: `/metadata/${field}`, message: 'must be an object of strings' });
      continue;
    }
    for (const [key, item] of Object.entries(value)) {
      if (!isValidPrefixedKey(key)) issues.push({ path: `/metadata/${field}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, message: 'key must be [prefix/]name with a DNS prefix' });
      if (typeof item !== 'string') issues.push({ path: `/metadata/${field}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, message: 'must be a string' });
    }
  }
  if (meta.links !== undefined) {
    if (!Array.isArray(meta.links)) issues.push({ path: '/metadata/links', message: 'must be an array' });
    else meta.links.forEach((link, index) => {
      if (typeof link !== 'object' || link === null || typeof (link as { url?: unknown }).url !== 'string') issues.push({ path: `/metadata/links/${index}/url`, message: 'is required' });
    });
  }
  if (entity.spec !== undefined && (typeof entity.spec !== 'object' || entity.spec === null || Array.isArray(entity.spec))) {
    issues.push({ path: '/spec', message: 'must be an object' });
  }
  return issues;
}

function isValidPrefixedKey(key: string): boolean {
  const parts = key.split('/');
  if (parts.length > 2) return false;
  const name = parts[parts.length - 1] ?? '';
  if (name.length === 0 || name.length > 63 || !NAME.test(name)) return false;
  if (parts.length === 2) {
    const prefix = parts[0] ?? '';
    return prefix.length > 0 && prefix.length <= 253 && DNS_SUBDOMAIN.test(prefix);
  }
  return true;
}
