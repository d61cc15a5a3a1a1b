import type { Blueprint } from '../blueprint/blueprint.types.ts';
import { relationTargets } from '../blueprint/blueprint.types.ts';
import type { QueryRule, RuleGroup } from '../query/query.types.ts';
import { derivedOf } from './derived-properties.ts';
import { calculationNames } from './calculation.ts';

/** `blueprint.property`, a node of the derived-property dependency graph. */
export type DerivedNode = string;

/**
 * The derived properties each derived property reads, across blueprints: a mirror reads the
 * property at the end of its path, an aggregation the property it aggregates and those its query
 * filters on, a calculation the properties its expression names.
 */
export function derivedDependencies(blueprints: ReadonlyMap<string, Blueprint>): Map<DerivedNode, DerivedNode[]> {
  const graph = new Map<DerivedNode, DerivedNode[]>();
  const isDerived = (blueprint: string, name: string) => {
    const b = blueprints.get(blueprint);
    if (!b) return false;
    const d = derivedOf(b);
    return name in d.mirrorProperties || name in d.calculationProperties || name in d.aggregationProperties;
  };
  for (const blueprint of blueprints.values()) {
    const derived = derivedOf(blueprint);
    for (const [name, mirror] of Object.entries(derived.mirrorProperties)) {
      const segments = mirror.path.split('.');
      const last = segments.pop() ?? '';
      let at = [blueprint.identifier];
      for (const relation of segments) {
        at = at.flatMap((bp) => {
          const definition = blueprints.get(bp)?.relations[relation];
          if (!definition) return [];
          return relationTargets(definition) ?? [...blueprints.keys()];
        });
      }
      graph.set(`${blueprint.identifier}.${name}`, [...new Set(at)].filter((bp) => isDerived(bp, last)).map((bp) => `${bp}.${last}`));
    }
    for (const [name, aggregation] of Object.entries(derived.aggregationProperties)) {
      const read = [aggregation.calculationSpec.property, ...ruleProperties(aggregation.query)].filter((p): p is string => typeof p === 'string');
      graph.set(`${blueprint.identifier}.${name}`, [...new Set(read)].filter((p) => isDerived(aggregation.target, p)).map((p) => `${aggregation.target}.${p}`));
    }
    for (const [name, calculation] of Object.entries(derived.calculationProperties)) {
      const read = calculationNames(calculation.calculation);
      graph.set(`${blueprint.identifier}.${name}`, [...read].filter((p) => isDerived(blueprint.identifier, p)).map((p) => `${blueprint.identifier}.${p}`));
    }
  }
  return graph;
}

/** The first cycle in the graph, as the nodes around it (`a.x → b.y → a.x`), or null. */
export function findCycle(graph: ReadonlyMap<DerivedNode, DerivedNode[]>): DerivedNode[] | null {
  const state = new Map<DerivedNode, 'visiting' | 'done'>();
  const stack: DerivedNode[] = [];
  const visit = (node: DerivedNode): DerivedNode[] | null => {
    if (state.get(node) === 'done') return null;
    if (state.get(node) === 'visiting') return [...stack.slice(stack.indexOf(node)), node];
    state.set(node, 'visiting');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(node, 'done');
    return null;
  };
  for (const node of graph.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return null;
}

function ruleProperties(group: RuleGroup | undefined): string[] {
  if (!group || !Array.isArray(group.rules)) return [];
  return group.rules.flatMap((rule: QueryRule) => {
    if ('rules' in rule) return ruleProperties(rule as RuleGroup);
    if ('property' in rule && typeof rule.property === 'string') return [rule.property.replace(/^properties\./, '')];
    return [];
  });
}
