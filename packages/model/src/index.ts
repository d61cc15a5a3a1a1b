export { PorticoError, assertNoIssues, toPointer, pointerSegment } from './errors.ts';
export type { ErrorCode, ErrorDetail, ErrorKind } from './errors.ts';
export { createAjv, ajvErrorsToDetails } from './ajv.ts';
export { ANY_BLUEPRINT, PROPERTY_FORMATS, PROPERTY_TYPES, relationTargets } from './blueprint/blueprint.types.ts';
export type { Blueprint, BlueprintInput, BlueprintProperty, BlueprintRelation, BlueprintSchema, PropertyFormat, PropertyType } from './blueprint/blueprint.types.ts';
export { NAME_PATTERN, blueprintInputSchema } from './blueprint/blueprint.schema.ts';
export { normalizeBlueprintInput, blueprintToJsonSchema, propertyToJsonSchema } from './blueprint/blueprint.validation.ts';
export type { NormalizedBlueprint } from './blueprint/blueprint.validation.ts';
export { ENTITY_IDENTIFIER_PATTERN, entityInputSchema } from './entity/entity.schema.ts';
export { EntityValidator, formatRelationTarget, parseRelationTarget } from './entity/entity.validation.ts';
export type { Entity, EntityInput, RelationEdge, RelationValue, ValidatedEntity } from './entity/entity.types.ts';
export { META_PROPERTIES, PROPERTY_OPERATORS, isRelatedToRule, isRuleGroup } from './query/query.types.ts';
export type { EntitySearchRequest, MetaProperty, PropertyOperator, PropertyRule, QueryRule, RelatedToRule, RuleGroup, SortKey } from './query/query.types.ts';
export { entitySearchRequestSchema, ruleGroupSchema } from './query/query.schema.ts';
export { assertSearchRequestShape, parseQuery } from './query/query.validation.ts';
export type { Condition, QueryScope } from './query/query.validation.ts';
export { DATE_PRESETS, resolveDatePreset } from './query/date-presets.ts';
export type { DatePreset } from './query/date-presets.ts';
export { DEFAULT_NAMESPACE, identifierFromRef, parseEntityRef, refPartsFromIdentifier, stringifyEntityRef } from './backstage/entity-ref.ts';
export type { EntityRef } from './backstage/entity-ref.ts';
export { validateBackstageEnvelope } from './backstage/backstage-validation.ts';
export {
  BACKSTAGE_KINDS, BACKSTAGE_RELATION_TYPES, backstageKindByName, backstageKindOfBlueprint, backstageRelationType,
  blueprintForKind, builtinBlueprints, kindForBlueprint,
} from './backstage/backstage-kinds.ts';
export type { BackstageKind, BackstageRelationField } from './backstage/backstage-kinds.ts';
export { backstageRefOf, entityFromBackstage, entityToBackstage } from './backstage/backstage-mapping.ts';
export type { BackstageConversion, BackstageEntity, EdgeView } from './backstage/backstage-mapping.ts';
export { collectBackstageDocuments } from './backstage/collect-documents.ts';
export type { CollectError, CollectedDocument, LocationReader, LocationResolver } from './backstage/collect-documents.ts';
export { ENTITY_ACTIONS, ROLES, defaultBlueprintPermissions } from './access/access.types.ts';
export type { AccessProfile, BlueprintPermissions, EntityAction, PermissionRule, Role } from './access/access.types.ts';
export { completePermissions, decideEntity, decideReach, ownsAny } from './access/access.decisions.ts';
export type { EntityDecision, Reach, ReachDecision } from './access/access.decisions.ts';
export { blueprintPermissionsInputSchema, roleAssignmentInputSchema } from './access/access.schema.ts';
