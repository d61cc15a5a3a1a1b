import { type BackstageEntity, PorticoError, entityFromBackstage } from '@portico/model';
import type { BlueprintRegistry, EntityService } from '../catalog/index.ts';

/**
 * `catalog:register`: the catalog files of a scaffolded repository become entities, all or none
 * (a conflict or an invalid document registers nothing). Owners not yet in the catalog are created
 * empty, as a Backstage location would leave them dangling.
 * @returns the registered entity refs (`component:default/payments`).
 */
export function catalogRegistrar(entities: EntityService, registry: BlueprintRegistry) {
  return async (documents: Record<string, unknown>[], location: string): Promise<string[]> => {
    const blueprints = await registry.all();
    const items = documents.map((document, index) => {
      const converted = entityFromBackstage(document, blueprints);
      if (!converted.ok) throw new PorticoError('VALIDATION_FAILED', `document ${index + 1} of ${location}: ${converted.issues.map((i) => `${i.path} ${i.message}`).join('; ')}`);
      const properties = converted.entity.properties ?? {};
      const annotations = { ...((properties.annotations as Record<string, string> | undefined) ?? {}), 'backstage.io/managed-by-location': `url:${location}` };
      return { blueprint: converted.blueprint, input: { ...converted.entity, properties: { ...properties, annotations } } };
    });
    const summary = await entities.write(items, { mode: 'create', atomic: true, createMissingRelated: true, actor: 'scaffolder' });
    return summary.results.map((r, i) => {
      const doc = documents[i] as Partial<BackstageEntity>;
      return `${String(doc.kind ?? r.blueprint).toLowerCase()}:${doc.metadata?.namespace ?? 'default'}/${r.identifier ?? ''}`;
    });
  };
}
