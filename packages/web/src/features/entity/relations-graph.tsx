import '@xyflow/react/dist/style.css';
import { useEffect, useState } from 'react';
import { Background, Controls, type Edge, MarkerType, type Node, Position, ReactFlow } from '@xyflow/react';
import ELK from 'elkjs/lib/elk.bundled.js';
import { Group, SegmentedControl, Skeleton, Text, useComputedColorScheme } from '@mantine/core';
import { useNavigate } from 'react-router-dom';
import { useGraph } from '../../api/catalog.hooks.ts';
import type { Graph } from '../../api/types.ts';
import { ErrorState } from '../../components/error-state.tsx';

const elk = new ELK();
const NODE_WIDTH = 190;
const NODE_HEIGHT = 48;

/** Lays the graph out left to right (ELK's layered algorithm): upstream on the right, dependents on the left. */
async function layout(graph: Graph, rootStyle: React.CSSProperties, nodeStyle: React.CSSProperties): Promise<{ nodes: Node[]; edges: Edge[] }> {
  const laid = await elk.layout({
    id: 'root',
    layoutOptions: { 'elk.algorithm': 'layered', 'elk.direction': 'RIGHT', 'elk.spacing.nodeNode': '24', 'elk.layered.spacing.nodeNodeBetweenLayers': '60' },
    children: graph.nodes.map((n) => ({ id: n.id, width: NODE_WIDTH, height: NODE_HEIGHT })),
    edges: graph.edges.map((e, i) => ({ id: `e${i}`, sources: [e.target], targets: [e.source] })),
  });
  const positions = new Map((laid.children ?? []).map((c) => [c.id, { x: c.x ?? 0, y: c.y ?? 0 }]));
  return {
    nodes: graph.nodes.map((n) => ({
      id: n.id,
      position: positions.get(n.id) ?? { x: 0, y: 0 },
      // The layout runs left to right (dependents → entity → what it points at), so edges leave and enter sideways.
      sourcePosition: Position.Left,
      targetPosition: Position.Right,
      data: { label: `${n.title}\n${n.blueprint}` },
      style: { ...(n.id === graph.root ? rootStyle : nodeStyle), width: NODE_WIDTH, whiteSpace: 'pre-line', fontSize: 12, opacity: n.resolved ? 1 : 0.5 },
      ariaLabel: `${n.title} (${n.blueprint})`,
    })),
    edges: graph.edges.map((e, i) => ({ id: `e${i}`, source: e.source, target: e.target, label: e.relation, markerEnd: { type: MarkerType.ArrowClosed }, labelStyle: { fontSize: 10 } })),
  };
}

/** The relations graph: depth and direction controls, click a node to open it. */
export default function RelationsGraph({ blueprint, identifier }: { blueprint: string; identifier: string }) {
  const [depth, setDepth] = useState('2');
  const [direction, setDirection] = useState<'both' | 'upstream' | 'downstream'>('both');
  const graph = useGraph(blueprint, identifier, Number(depth), direction);
  const scheme = useComputedColorScheme('light');
  const navigate = useNavigate();
  const [flow, setFlow] = useState<{ nodes: Node[]; edges: Edge[] } | null>(null);
  useEffect(() => {
    if (!graph.data) return;
    const dark = scheme === 'dark';
    const nodeStyle = { background: dark ? '#25262b' : '#fff', color: dark ? '#e9ecef' : '#212529', border: '1px solid #868e96', borderRadius: 6 };
    const rootStyle = { ...nodeStyle, border: '2px solid #4c6ef5', fontWeight: 600 };
    let cancelled = false;
    void layout(graph.data, rootStyle, nodeStyle).then((result) => { if (!cancelled) setFlow(result); });
    return () => { cancelled = true; };
  }, [graph.data, scheme]);
  return (
    <div>
      <Group mb="sm" gap="md">
        <Group gap={6}><Text size="sm">Depth</Text><SegmentedControl size="xs" value={depth} onChange={setDepth} data={['1', '2', '3', '4']} aria-label="Graph depth" /></Group>
        <SegmentedControl size="xs" value={direction} onChange={(v) => setDirection(v as typeof direction)} aria-label="Graph direction"
          data={[{ value: 'both', label: 'Both' }, { value: 'upstream', label: 'Upstream' }, { value: 'downstream', label: 'Downstream' }]} />
        {graph.data?.truncated && <Text size="xs" c="orange">Showing the first {graph.data.nodes.length} entities</Text>}
      </Group>
      {graph.error ? <ErrorState error={graph.error} what="load the graph" onRetry={() => void graph.refetch()} /> : !flow ? <Skeleton h={480} /> : (
        <div style={{ height: 520, border: '1px solid var(--mantine-color-default-border)', borderRadius: 6 }} data-testid="relations-graph">
          <ReactFlow nodes={flow.nodes} edges={flow.edges} fitView colorMode={scheme} nodesConnectable={false} nodesDraggable
            onNodeClick={(_, node) => {
              const n = graph.data?.nodes.find((x) => x.id === node.id);
              if (n?.resolved && n.id !== graph.data?.root) void navigate(`/catalog/${n.blueprint}/${encodeURIComponent(n.identifier)}`);
            }}>
            <Background />
            <Controls showInteractive={false} />
          </ReactFlow>
        </div>
      )}
    </div>
  );
}
