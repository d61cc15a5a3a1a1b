/** A parsed Backstage entity reference: `[kind:][namespace/]name`. */
export interface EntityRef {
  kind: string;
  namespace: string;
  name: string;
}

export const DEFAULT_NAMESPACE = 'default';

/**
 * Parses a ref, filling kind and namespace from the context the way Backstage does: an
 * unqualified namespace is the *source entity's* namespace, not always `default`.
 * @returns the ref, or a message saying why it cannot be read.
 * @example parseEntityRef('team-a', { defaultKind: 'Group', defaultNamespace: 'default' })
 */
export function parseEntityRef(ref: string, context: { defaultKind?: string; defaultNamespace?: string }): EntityRef | string {
  const trimmed = ref.trim();
  if (trimmed.length === 0) return 'is an empty entity reference';
  const colon = trimmed.indexOf(':');
  const slash = trimmed.indexOf('/');
  let kind: string | undefined;
  let rest = trimmed;
  if (colon !== -1 && (slash === -1 || colon < slash)) {
    kind = trimmed.slice(0, colon);
    rest = trimmed.slice(colon + 1);
  }
  let namespace: string | undefined;
  let name = rest;
  const restSlash = rest.indexOf('/');
  if (restSlash !== -1) {
    namespace = rest.slice(0, restSlash);
    name = rest.slice(restSlash + 1);
  }
  kind = kind ?? context.defaultKind;
  if (!kind) return `"${ref}" needs a kind ("kind:name"), because this field has no default kind`;
  if (!name || name.includes(':') || name.includes('/')) return `"${ref}" is not a valid entity reference`;
  return { kind, namespace: namespace || context.defaultNamespace || DEFAULT_NAMESPACE, name };
}

/** The canonical, lower-cased form Backstage uses in `relations[].targetRef`. */
export function stringifyEntityRef(ref: EntityRef): string {
  return `${ref.kind}:${ref.namespace}/${ref.name}`.toLowerCase();
}

/** Portico identifier of a Backstage entity: the name, prefixed by its namespace unless it is `default`. */
export function identifierFromRef(namespace: string, name: string): string {
  return namespace.toLowerCase() === DEFAULT_NAMESPACE ? name : `${namespace}/${name}`;
}

/** The namespace and name behind a Portico identifier (see {@link identifierFromRef}). */
export function refPartsFromIdentifier(identifier: string): { namespace: string; name: string } {
  const slash = identifier.indexOf('/');
  return slash === -1 ? { namespace: DEFAULT_NAMESPACE, name: identifier } : { namespace: identifier.slice(0, slash), name: identifier.slice(slash + 1) };
}
