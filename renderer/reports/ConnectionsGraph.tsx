import cytoscape from 'cytoscape';
import { useEffect, useRef, useState } from 'react';

import type { GraphEdge, GraphNode } from './connectionGraph';

/** Past this many nodes the graph is laid out as a grid: cose on thousands of nodes would freeze the tab. */
const COSE_MAX = 80;

/**
 * Organizations (and reports) linked by the identifiers they share, drawn by Cytoscape.js on a canvas.
 * The table beside it says the same in text; this element's label sums it up for a screen reader, and
 * its data-nodes / data-edges say what Cytoscape actually drew.
 */
export default function ConnectionsGraph({ nodes, edges }: { nodes: GraphNode[]; edges: GraphEdge[] }) {
  const container = useRef<HTMLDivElement>(null);
  const [drawn, setDrawn] = useState<{ nodes: number; edges: number } | null>(null);
  // Redrawn when what is drawn changes, not on every render.
  const key = JSON.stringify([nodes, edges]);
  useEffect(() => {
    if (!container.current) return;
    const cy = cytoscape({
      container: container.current,
      elements: [
        ...nodes.map((n) => ({ data: { id: n.id, label: n.label, kind: n.kind } })),
        ...edges.map((e) => ({ data: { id: e.id, source: e.source, target: e.target, label: e.label } })),
      ],
      style: [
        {
          selector: 'node',
          style: {
            label: 'data(label)',
            'background-color': '#1f4e8c',
            color: '#1b1f24',
            'font-size': 11,
            'text-valign': 'bottom',
            'text-margin-y': 4,
          },
        },
        { selector: 'node[kind = "report"]', style: { shape: 'diamond', 'background-color': '#9a5b00' } },
        {
          selector: 'edge',
          style: {
            label: 'data(label)',
            width: 1.5,
            'line-color': '#8a94a3',
            'curve-style': 'bezier',
            'font-size': 9,
            color: '#4a5563',
          },
        },
      ],
      layout: { name: nodes.length > COSE_MAX ? 'grid' : 'cose', animate: false },
    });
    setDrawn({ nodes: cy.nodes().length, edges: cy.edges().length });
    return () => cy.destroy();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  const orgs = nodes.filter((n) => n.kind === 'organization').length;
  const shared = new Set(edges.map((e) => e.label)).size;
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  return (
    <div
      ref={container}
      className="connections-graph"
      role="img"
      aria-label={
        `Connections graph: ${plural(orgs, 'organization', 'organizations')} and ` +
        `${plural(nodes.length - orgs, 'field report', 'field reports')}, linked by ` +
        `${plural(shared, 'shared identifier', 'shared identifiers')}`
      }
      data-nodes={drawn?.nodes}
      data-edges={drawn?.edges}
    />
  );
}
