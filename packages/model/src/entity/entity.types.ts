/** A relation value as clients write it: an identifier, a `blueprint:identifier` ref, a list, or null. */
export type RelationValue = string | string[] | null;

/** What a client sends to create, replace or upsert an entity. */
export interface EntityInput {
  identifier: string;
  title?: string;
  icon?: string;
  team?: string | string[];
  properties?: Record<string, unknown>;
  relations?: Record<string, RelationValue>;
}

export interface Entity {
  identifier: string;
  title: string;
  blueprint: string;
  icon: string | null;
  /** Identifiers of the owning teams (entities of the `team` blueprint). */
  team: string[];
  properties: Record<string, unknown>;
  relations: Record<string, RelationValue>;
  createdAt: string;
  updatedAt: string;
  createdBy: string | null;
  updatedBy: string | null;
}

/** One edge of the relation graph, as the entity's relations imply it. */
export interface RelationEdge {
  relation: string;
  targetBlueprint: string;
  targetIdentifier: string;
}

/** An entity checked against its blueprint: what gets written. */
export interface ValidatedEntity {
  identifier: string;
  title: string;
  icon: string | null;
  team: string[];
  properties: Record<string, unknown>;
  relations: Record<string, RelationValue>;
  edges: RelationEdge[];
}
