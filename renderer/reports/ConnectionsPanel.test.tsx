// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { Connection, FieldReport } from '../../shared/reports';
import { ChangeFeed } from '../session/ChangeFeed';
import type { WorkspaceClient } from '../session/WorkspaceClient';
import { NavigationContext } from '../workspaces/navigation';
import { ConnectionsPanel } from './ConnectionsPanel';

afterEach(cleanup);

// Cytoscape draws on a canvas, which happy-dom has not: a stand-in holds the elements it is given, so the
// test sees what the component asked it to draw. The real drawing is checked in e2e/reports.spec.ts.
const drawn = vi.hoisted(() => ({ elements: [] as Array<{ data: Record<string, string> }> }));
vi.mock('cytoscape', () => ({
  default: ({ elements }: { elements: Array<{ data: Record<string, string> }> }) => {
    drawn.elements = elements;
    const of = (edge: boolean) => ({ length: elements.filter((e) => 'source' in e.data === edge).length });
    return { nodes: () => of(false), edges: () => of(true), destroy: () => undefined };
  },
}));

const plate: Connection = {
  key: 'plate:TX:ABC1234',
  kind: 'plate',
  identifier: 'TX ABC-1234',
  facts: [
    { orgId: 'org1', reportId: null, factId: 'e1', text: 'TX ABC-1234', compartmentId: 'core' },
    { orgId: 'org2', reportId: null, factId: 'e2', text: 'abc 1234 (Texas)', compartmentId: 'core' },
    { orgId: null, reportId: 'r1', factId: 'r1', text: 'TX:ABC-1234', compartmentId: 'core' },
  ],
};
const filed = { id: 'r1', by: 'ben', at: Date.UTC(2026, 11, 1, 8), text: 'Pickup at Roma' } as FieldReport;

/** The tab over a client whose reports hold `connections`. */
function tab(connections: Connection[]) {
  const listeners = new Set<() => void>();
  const reports = {
    connections: () => connections,
    report: (id: string) => (id === 'r1' ? filed : null),
    onChange: (l: () => void) => (listeners.add(l), () => listeners.delete(l)),
  };
  const client = {
    changes: new ChangeFeed(() => undefined),
    api: {
      reports,
      profile: (id: string) => (id === 'ben' ? { name: 'Ben Sample', agency: 'Border Patrol' } : null),
      board: { organizationName: (id: string) => ({ org1: 'Quartz Ferry Group', org2: 'Amber Pass Cell' })[id] ?? '' },
    },
  } as unknown as WorkspaceClient;
  const navigation = { openCard: vi.fn(), openNote: vi.fn() };
  render(
    <NavigationContext.Provider value={navigation}>
      <ConnectionsPanel client={client} />
    </NavigationContext.Provider>,
  );
  return { navigation };
}

describe('the Connections tab', () => {
  it('lists each shared identifier with its kind and every holder; an organization opens its card', () => {
    const { navigation } = tab([plate]);
    const table = screen.getByRole('table', { name: 'Shared identifiers' });
    const row = within(table).getByRole('row', { name: /TX ABC-1234/ });
    expect(within(row).getAllByRole('cell')[0]!.textContent).toBe('vehicle plate');
    const holders = within(row)
      .getAllByRole('listitem')
      .map((li) => li.textContent);
    expect(holders[0]).toBe('Quartz Ferry Group');
    expect(holders[1]).toBe('Amber Pass Cell as “abc 1234 (Texas)”');
    expect(holders[2]).toMatch(/^Field report by Ben Sample \(Border Patrol\), .+: Pickup at Roma as “TX:ABC-1234”$/);
    fireEvent.click(within(row).getByRole('button', { name: 'Amber Pass Cell' }));
    expect(navigation.openCard).toHaveBeenCalledWith('org2');
  });

  it('draws the graph, summed up in its label, with what Cytoscape drew in its data', async () => {
    tab([plate]);
    const graph = await screen.findByRole('img', {
      name: 'Connections graph: 2 organizations and 1 field report, linked by 1 shared identifier',
    });
    await vi.waitFor(() => expect(graph.getAttribute('data-nodes')).toBe('3'));
    expect(graph.getAttribute('data-edges')).toBe('3');
    expect(drawn.elements.filter((e) => 'source' in e.data).map((e) => e.data['label'])).toEqual([
      'TX ABC-1234',
      'TX ABC-1234',
      'TX ABC-1234',
    ]);
    expect(drawn.elements.filter((e) => !('source' in e.data)).map((e) => e.data['label'])).toEqual([
      'Quartz Ferry Group',
      'Amber Pass Cell',
      'Field report by Ben Sample (Border Patrol)',
    ]);
  });

  it('says so when nothing is shared, and draws nothing', () => {
    tab([]);
    expect(screen.getByText(/No phone, plate, name, place or route is held by two/)).toBeTruthy();
    expect(screen.queryByRole('img')).toBeNull();
  });
});
