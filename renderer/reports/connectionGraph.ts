import type { Connection } from '../../shared/reports';

/** A node: an organization, or a field report holding a shared identifier. */
export interface GraphNode {
  id: string;
  label: string;
  kind: 'organization' | 'report';
}
/** An edge: two owners sharing one identifier (its label). */
export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  label: string;
}

/** Past this many owners of one identifier the edges form a star from the first, not every pair (n² edges). */
const CLIQUE_MAX = 6;

const ownerOf = (fact: Connection['facts'][number]): string | null =>
  fact.orgId !== null ? `org:${fact.orgId}` : fact.reportId !== null ? `report:${fact.reportId}` : null;

/**
 * The graph of who shares what: each organization or report that holds a shared identifier is a node;
 * each identifier links the owners holding it (two entries of one organization are one owner).
 */
export function connectionGraph(
  connections: readonly Connection[],
  label: { org: (orgId: string) => string; report: (reportId: string) => string },
): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const nodes = new Map<string, GraphNode>();
  const edges: GraphEdge[] = [];
  for (const c of connections) {
    const owners: string[] = [];
    for (const f of c.facts) {
      const id = ownerOf(f);
      if (id === null || owners.includes(id)) continue;
      owners.push(id);
      if (!nodes.has(id))
        nodes.set(
          id,
          f.orgId !== null
            ? { id, label: label.org(f.orgId), kind: 'organization' }
            : { id, label: label.report(f.reportId!), kind: 'report' },
        );
    }
    const pairs: Array<[string, string]> = [];
    if (owners.length <= CLIQUE_MAX) {
      for (let i = 0; i < owners.length; i++)
        for (let j = i + 1; j < owners.length; j++) pairs.push([owners[i]!, owners[j]!]);
    } else {
      for (const other of owners.slice(1)) pairs.push([owners[0]!, other]);
    }
    for (const [source, target] of pairs)
      edges.push({ id: `${c.key}|${source}|${target}`, source, target, label: c.identifier });
  }
  return { nodes: [...nodes.values()], edges };
}

/** How many shared identifiers each organization's network holds: the number on its card's badge. */
export function sharedCounts(connections: readonly Connection[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const c of connections) {
    const orgs = new Set(c.facts.flatMap((f) => (f.orgId === null ? [] : [f.orgId])));
    for (const org of orgs) counts.set(org, (counts.get(org) ?? 0) + 1);
  }
  return counts;
}
