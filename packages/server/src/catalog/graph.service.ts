import { PorticoError } from '@portico/model';
import type { Database } from '../db/database.ts';
import { json } from '../db/rows.ts';
import { Visibility } from './visibility.ts';
import { ENTITY_COLUMNS, type EntityRow, findEdges, findEntity } from './entity.repo.ts';

export interface GraphNode {
  id: string;
  blueprint: string;
  identifier: string;
  title: string;
  depth: number;
  /** False for a relation target that does not exist in the catalog. */
  resolved: boolean;
}

export interface GraphEdge {
  source: string;
  target: string;
  relation: string;
}

export interface Graph {
  root: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
  truncated: boolean;
}

const nodeId = (blueprint: string, identifier: string) => `${blueprint}:${identifier}`;

/**
 * The neighbourhood of an entity for the relations graph, walked breadth-first one query per
 * level. `upstream` follows relations out (owner, system, dependencies); `downstream` follows
 * them in (dependents, owned entities).
 */
export async function buildGraph(db: Database, blueprint: string, identifier: string, options: { depth: number; direction: 'upstream' | 'downstream' | 'both'; maxNodes: number; visibility?: Visibility }): Promise<Graph> {
  const visibility = options.visibility ?? Visibility.ALL;
  const root = await findEntity(db, blueprint, identifier);
  if (!root || !visibility.allows(root.blueprint, root.team)) throw new PorticoError('NOT_FOUND', `Entity "${identifier}" of blueprint "${blueprint}" does not exist`);
  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, GraphEdge>();
  const rows = new Map<string, EntityRow>([[root.id, root]]);
  const rootId = nodeId(root.blueprint, root.identifier);
  nodes.set(rootId, { id: rootId, blueprint: root.blueprint, identifier: root.identifier, title: root.title, depth: 0, resolved: true });
  let frontier = [root.id];
  let truncated = false;
  for (let depth = 1; depth <= options.depth && frontier.length > 0; depth++) {
    const found = await findEdges(db, frontier);
    const next: { blueprint: string; identifier: string }[] = [];
    for (const edge of found) {
      if (options.direction === 'upstream' && edge.direction === 'incoming') continue;
      if (options.direction === 'downstream' && edge.direction === 'outgoing') continue;
      // An entity the caller may not read is neither a node nor the end of an edge.
      if (!visibility.allows(edge.other_blueprint, edge.other_team)) continue;
      const self = rows.get(edge.entity_id);
      if (!self) continue;
      const selfId = nodeId(self.blueprint, self.identifier);
      const otherId = nodeId(edge.other_blueprint, edge.other_identifier);
      if (!nodes.has(otherId)) {
        if (nodes.size >= options.maxNodes) {
          truncated = true;
          continue;
        }
        nodes.set(otherId, { id: otherId, blueprint: edge.other_blueprint, identifier: edge.other_identifier, title: edge.other_identifier, depth, resolved: edge.resolved });
        if (edge.resolved) next.push({ blueprint: edge.other_blueprint, identifier: edge.other_identifier });
      }
      const [source, target] = edge.direction === 'outgoing' ? [selfId, otherId] : [otherId, selfId];
      edges.set(`${source} ${edge.relation} ${target}`, { source, target, relation: edge.relation });
    }
    frontier = [];
    if (next.length > 0) {
      const fetched = await db.query<EntityRow>(
        `select ${ENTITY_COLUMNS} from entities e join jsonb_to_recordset($1::jsonb) as k(blueprint text, identifier text)
         on e.blueprint = k.blueprint and e.identifier_key = lower(k.identifier)`, [json(next)]);
      for (const row of fetched) {
        rows.set(row.id, row);
        const node = nodes.get(nodeId(row.blueprint, row.identifier));
        if (node) node.title = row.title;
        frontier.push(row.id);
      }
    }
  }
  return { root: rootId, nodes: [...nodes.values()], edges: [...edges.values()], truncated };
}
