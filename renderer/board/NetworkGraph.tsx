import cytoscape from 'cytoscape';
import { useEffect, useRef } from 'react';

import type { NetworkEntity, NetworkLink } from '../../shared/model';

const KIND_COLOURS: Record<string, string> = {
  person: '#1f4e8c',
  phone: '#7a3e9d',
  vehicle: '#9a5b00',
  location: '#2f6f3e',
  route: '#8c1f3a',
};

/**
 * An organization's entities and links drawn as a graph (Cytoscape.js, canvas). The table of
 * entries above it says the same in text, for screen readers and keyboards.
 */
export default function NetworkGraph({
  orgName,
  entities,
  links,
}: {
  orgName: string;
  entities: NetworkEntity[];
  links: NetworkLink[];
}) {
  const container = useRef<HTMLDivElement>(null);
  // Redrawn when what is drawn changes, not on every render of the panel.
  const drawn = JSON.stringify([
    entities.map((e) => [e.id, e.name, e.kind]),
    links.map((l) => [l.id, l.from, l.to, l.label]),
  ]);
  useEffect(() => {
    if (!container.current) return;
    const cy = cytoscape({
      container: container.current,
      elements: [
        ...entities.map((e) => ({ data: { id: e.id, label: e.name, kind: e.kind } })),
        ...links.map((l) => ({ data: { id: l.id, source: l.from, target: l.to, label: l.label } })),
      ],
      style: [
        {
          selector: 'node',
          style: {
            label: 'data(label)',
            'background-color': (n: cytoscape.NodeSingular) => KIND_COLOURS[n.data('kind') as string] ?? '#555',
            color: '#1b1f24',
            'font-size': 11,
            'text-valign': 'bottom',
            'text-margin-y': 4,
          },
        },
        {
          selector: 'edge',
          style: {
            label: 'data(label)',
            width: 1.5,
            'line-color': '#8a94a3',
            'target-arrow-shape': 'triangle',
            'target-arrow-color': '#8a94a3',
            'curve-style': 'bezier',
            'font-size': 9,
            color: '#4a5563',
          },
        },
      ],
      layout: { name: entities.length > 60 ? 'grid' : 'cose', animate: false },
    });
    return () => cy.destroy();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [drawn]);
  return (
    <div
      ref={container}
      className="network-graph"
      role="img"
      aria-label={`Network graph of ${orgName}: ${entities.length} entries, ${links.length} links`}
    />
  );
}
