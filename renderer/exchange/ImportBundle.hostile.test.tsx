// @vitest-environment happy-dom
// happy-dom, not jsdom: see renderer/board/ReleasabilityControl.test.tsx.
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { initCrypto } from '../../shared/crypto';
import { bundleTable, settle } from '../../shared/testkit/bundleTable';
import type { TableMember } from '../../shared/testkit/bundleTable';
import { exportBundle, importBundle } from '../../shared/workspace';
import { HostContext } from '../host';
import type { Host } from '../host';
import type { WorkspaceClient } from '../session/WorkspaceClient';
import { NavigationContext } from '../workspaces/navigation';
import { ImportBundle } from './ImportBundle';

await initCrypto();
const opened: TableMember[] = [];
afterEach(async () => {
  cleanup();
  for (const m of opened.splice(0)) await m.ow.close();
});

const orgNames = (m: TableMember) => m.api.board.read().flatMap((lane) => lane.cards.map((c) => c.name));

/** The import button over `member`'s open workspace and the real bundle API, picking `file`. */
function importerFor(member: TableMember, file: Uint8Array) {
  const navigation = { openCard: vi.fn(), openNote: vi.fn() };
  const host = { files: { open: async () => ({ name: 'stick.utbundle', data: file }) } } as unknown as Host;
  // What WorkspaceClient.importBundle does, over this member's session.
  const client = {
    importBundle: (f: Uint8Array, o?: Parameters<typeof importBundle>[2]) => importBundle(member.ow, f, o),
  } as unknown as WorkspaceClient;
  render(
    <HostContext.Provider value={host}>
      <NavigationContext.Provider value={navigation}>
        <ImportBundle client={client} />
      </NavigationContext.Provider>
    </HostContext.Provider>,
  );
  fireEvent.click(screen.getByRole('button', { name: 'Import a bundle…' }));
  return navigation;
}

describe('Import a bundle… over the real bundle API', () => {
  it('names the exporter and links the organization it brought', async () => {
    const { admin, members } = await bundleTable(['analyst']);
    opened.push(...members);
    const analyst = members[1]!;
    const orgId = admin.api.board.addOrganization({ name: 'Los Halcones' });
    const made = await exportBundle(admin.ow, { recipients: [analyst.ow.workspace.me] });
    const navigation = importerFor(analyst, made.file);
    const summary = await screen.findByRole('region', { name: 'Import summary' });
    expect(summary.textContent).toContain('from Admin Ana');
    fireEvent.click(screen.getByRole('button', { name: 'Los Halcones' }));
    expect(navigation.openCard).toHaveBeenCalledWith(orgId);
    expect(orgNames(analyst)).toContain('Los Halcones');
  });

  it('refuses a removed (hostile) member’s bundle in one line, and the board does not change', async () => {
    const { admin, members } = await bundleTable(['analyst', 'lead']);
    opened.push(...members);
    const [mallory, lead] = [members[1]!, members[2]!];
    // Mallory writes, makes a bundle while still a member, and is removed before it reaches the lead.
    mallory.api.board.addOrganization({ name: 'Planted by Mallory' });
    const late = await exportBundle(mallory.ow);
    admin.api.removeMember(mallory.ow.workspace.me);
    await settle([admin, lead]);
    const before = orgNames(lead);
    importerFor(lead, late.file);
    expect((await screen.findByRole('alert')).textContent).toBe(
      'this bundle was signed by a member removed from this workspace',
    );
    expect(screen.queryByRole('region', { name: 'Import summary' })).toBeNull();
    expect(orgNames(lead)).toEqual(before);
    expect(orgNames(lead)).not.toContain('Planted by Mallory');
  });
});
