import '@xyflow/react/dist/style.css';
import { useEffect, useState } from 'react';
import { Background, Controls, type Edge, MarkerType, type Node, ReactFlow } from '@xyflow/react';
import ELK from 'elkjs/lib/elk.bundled.js';
import { Skeleton, useComputedColorScheme } from '@mantine/core';
import { useNavigate } from 'react-router-dom';
import type { Blueprint } from '../../api/types.ts';

const elk = new ELK();

/** Blueprints as boxes and their relations as arrows, laid out by ELK; click a blueprint to edit it. */
export default function BlueprintGraph({ blueprints }: { blueprints: Blueprint[] }) {
  const scheme = useComputedColorScheme('light');
  const navigate = useNavigate();
  const [flow, setFlow] = useState<{ nodes: Node[]; edges: Edge[] } | null>(null);
  useEffect(() => {
    const ids = new Set(blueprints.map((b) => b.identifier));
    const edges = blueprints.flatMap((b) => Object.entries(b.relations).flatMap(([name, r]) => [r.target].flat().filter((t) => ids.has(t)).map((t) => ({ id: `${b.identifier}.${name}.${t}`, source: b.identifier, target: t, label: r.many ? `${name} (many)` : name }))));
    let cancelled = false;
    void elk.layout({
      id: 'root',
      layoutOptions: { 'elk.algorithm': 'layered', 'elk.direction': 'DOWN', 'elk.spacing.nodeNode': '40', 'elk.layered.spacing.nodeNodeBetweenLayers': '70' },
      children: blueprints.map((b) => ({ id: b.identifier, width: 170, height: 56 })),
      edges: edges.map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
    }).then((laid) => {
      if (cancelled) return;
      const dark = scheme === 'dark';
      const positions = new Map((laid.children ?? []).map((c) => [c.id, { x: c.x ?? 0, y: c.y ?? 0 }]));
      setFlow({
        nodes: blueprints.map((b) => ({
          id: b.identifier, position: positions.get(b.identifier) ?? { x: 0, y: 0 },
          data: { label: `${b.title}\n${Object.keys(b.schema.properties).length} properties` },
          style: { width: 170, whiteSpace: 'pre-line', fontSize: 12, background: dark ? '#25262b' : '#fff', color: dark ? '#e9ecef' : '#212529', border: '1px solid #4c6ef5', borderRadius: 6 },
        })),
        edges: edges.map((e) => ({ ...e, markerEnd: { type: MarkerType.ArrowClosed }, labelStyle: { fontSize: 10 } })),
      });
    });
    return () => { cancelled = true; };
  }, [blueprints, scheme]);
  if (!flow) return <Skeleton h={480} />;
  return (
    <div style={{ height: 520, border: '1px solid var(--mantine-color-default-border)', borderRadius: 6 }} data-testid="data-model-graph">
      <ReactFlow nodes={flow.nodes} edges={flow.edges} fitView colorMode={scheme} nodesConnectable={false} onNodeClick={(_, node) => void navigate(`/data-model/${node.id}`)}>
        <Background />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}
