import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';

import { initCrypto, randomBytes, SignatureDomain, toBase64Url } from '../shared/crypto';
import { putRecord } from '../shared/model';
import { TRIAGE } from '../shared/reports';
import { docListName, encodeInviteToken, ownedClientId, parseInviteToken, WORKSPACE_DOC_ID } from '../shared/protocol';
import { RelayConnection } from '../shared/sync';
import { HostileClient } from '../shared/testkit';
import { wireCapture } from '../relay/wireCapture';
import { Profile } from './Profile';
import { initProfile, runCli as cli, runCliOk as ok, TEST_PASSPHRASE } from './testkit/cliProcess';
import { cleanupAfterEach } from './testkit/fieldRelays';
import { connectRelay, nodePlatform } from './nodePlatform';
import { expectNoLeak, filesUnder } from './testkit/leakChecks';
import { tempRelay } from './testkit/liveWorkspaces';

await initCrypto();

const cleanup = cleanupAfterEach();

const marker = (what: string) => `${what}-${toBase64Url(randomBytes(9))}`;
/** A fictional number (555-01xx) no other run of this test is likely to share. */
const fictionalPhone = (area: string) => `${area} 555 01${String(Math.floor(Math.random() * 100)).padStart(2, '0')}`;

interface Match {
  identifier: string;
  orgId: string | null;
  factId: string;
  reportId?: string;
}
interface Listed {
  id: string;
  by: string;
  compartmentId: string;
  reporter: { name: string; agency: string } | null;
  status: string;
  steps: Array<{ step: string; by: string; orgId?: string }>;
  matches: Match[];
}
interface Shared {
  identifier: string;
  kind: string;
  facts: Array<{ orgId: string | null; factId: string; reportId?: string }>;
}

// Each command is its own process (1.5–3.5 s): the limit is for a stuck command, not a speed target.
describe('field reports between the core and a partner, over a real relay (issue 15, S8)', () => {
  it('a partner’s report matches only what is released to it; the core sees and links the rest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'unity-live-reports-'));
    const relay = await tempRelay();
    cleanup.push(() => relay.close());
    const wire = await wireCapture(relay.port);
    cleanup.push(() => wire.close());
    const [a, p] = [join(dir, 'a'), join(dir, 'p')];
    const admin = await initProfile(a);
    await initProfile(p, 'Sam Deputy', 'Webb County SO');
    const { workspaceId } = await ok<{ workspaceId: string }>([
      ...['workspace', 'create', '--profile', a, '--title', 'Sector Table', '--relay', relay.url],
    ]);
    const [inA, inP] = [a, p].map((profile) => ['--profile', profile, '--workspace', workspaceId]) as [
      string[],
      string[],
    ];
    const { compartmentId: webb } = await ok<{ compartmentId: string }>([
      ...['compartment', 'create', ...inA, '--title', 'Webb County SO'],
    ]);

    // The core's own organization: its phone as the table wrote it, and a person, each a marker of its own.
    const secret = { org: marker('CoreOrg'), person: marker('CorePerson'), phone: `+1 ${fictionalPhone('210')}` };
    const { orgId: coreOrg } = await ok<{ orgId: string }>(['org', 'add', ...inA, '--name', secret.org]);
    const { entityId: corePhone } = await ok<{ entityId: string }>([
      ...['entity', 'add', ...inA, '--org', coreOrg, '--kind', 'phone', '--name', secret.phone],
    ]);
    await ok(['entity', 'add', ...inA, '--org', coreOrg, '--kind', 'person', '--name', secret.person]);
    // Released to the partner: an organization with a control phone.
    const control = { org: marker('ReleasedOrg'), phone: `+1 ${fictionalPhone('956')}` };
    const { orgId: sharedOrg } = await ok<{ orgId: string }>([
      ...['org', 'add', ...inA, '--name', control.org, '--compartment', webb],
    ]);
    const { entityId: controlPhone } = await ok<{ entityId: string }>([
      ...['entity', 'add', ...inA, '--org', sharedOrg, '--kind', 'phone', '--name', control.phone],
    ]);

    // Only the partner's sockets go through the capture: its invite names the capture as the relay.
    const token = await ok<string>(['invite', 'create', ...inA, '--role', 'partner', '--compartment', webb]);
    const viaWire = encodeInviteToken({ ...parseInviteToken(token), relayUrl: wire.url });
    await ok(['sync', ...inA]);
    await ok(['join', '--profile', p, '--invite', viaWire]);
    await ok(['sync', ...inA]); // the admin's client wraps the compartment's key for the partner
    await ok(['sync', ...inP]);

    // The partner writes both numbers its own way.
    const written = {
      core: `(${secret.phone.slice(3, 6)}) 555-${secret.phone.slice(-4)}`,
      control: `956.555.${control.phone.slice(-4)}`,
    };
    const added = await ok<{ reportId: string; compartmentId: string; matches: Match[] }>([
      ...['report', 'add', ...inP, '--text', 'Two numbers on a napkin in a stopped pickup.'],
      ...['--phone', written.core, '--phone', written.control, '--reliability', 'C3'],
    ]);
    const released = { identifier: written.control, orgId: sharedOrg, factId: controlPhone };
    expect(added).toEqual({ reportId: added.reportId, compartmentId: webb, matches: [released] });
    const partnerList = await ok<Listed[]>(['report', 'list', ...inP]);
    expect(partnerList).toHaveLength(1);
    expect(partnerList[0]).toMatchObject({ id: added.reportId, status: 'new', matches: [released] });
    const partnerShared = await ok<Shared[]>(['connections', ...inP]);
    expect(partnerShared).toEqual([
      {
        identifier: expect.any(String),
        kind: 'phone',
        facts: expect.arrayContaining([
          { orgId: sharedOrg, factId: controlPhone },
          { orgId: null, factId: added.reportId, reportId: added.reportId },
        ]),
      },
    ]);
    expect(partnerShared[0]!.facts).toHaveLength(2);
    const partnerSaid = JSON.stringify([added, partnerList, partnerShared]);
    for (const m of [...Object.values(secret), coreOrg, corePhone]) expect(partnerSaid).not.toContain(m);
    await ok(['sync', ...inP]);

    // A hostile partner (its own keys, no rules: HostileClient) forges the admin's dismissal of its report,
    // sealed under the room's key it holds and sent straight into the room's envelope list.
    const partnerKeys = (await Profile.open(p, TEST_PASSPHRASE)).identity;
    const [directory, room] = [new Y.Doc(), new Y.Doc()];
    const links = [
      connectRelay(relay.url, workspaceId, directory, partnerKeys),
      RelayConnection.forRoom(relay.url, workspaceId, webb, room, partnerKeys, nodePlatform),
    ];
    cleanup.push(() => links.forEach((l) => l.destroy()));
    for (const l of links) await l.upToDate(15_000);
    const hostile = new HostileClient(workspaceId, partnerKeys, room, directory);
    const replica = 4242;
    // Under its own Yjs client id for this replica (what every envelope's structs must be), signed as itself.
    const forged = new Y.Doc();
    forged.clientID = ownedClientId(partnerKeys.signPublicKey, WORKSPACE_DOC_ID, replica, 0);
    putRecord(
      forged,
      TRIAGE,
      SignatureDomain.triage,
      {
        ...{ v: 1, kind: 'triage', workspaceId, compartmentId: webb, reportId: added.reportId },
        ...{ by: admin.memberId, at: Date.now(), step: 'dismiss', reason: 'forged by the partner' },
      },
      partnerKeys,
    );
    const update = Y.encodeStateAsUpdate(forged);
    hostile.append(docListName(WORKSPACE_DOC_ID), [
      hostile.sealUpdate({ docId: WORKSPACE_DOC_ID, keyScope: webb, replica, seq: 1 }, [update]),
    ]);
    for (const l of links) await l.upToDate(15_000);

    // The admin sees the report as its signer filed it, matched against the core's own phone too.
    const synced = await ok<{ rejected: unknown[] }>(['sync', ...inA]);
    expect(synced.rejected).toEqual([]);
    // The forged step reached the admin (so what follows can fail), and does not count.
    expect((await cli(['export', ...inA])).stdout).toContain('forged by the partner');
    const adminList = await ok<Listed[]>(['report', 'list', ...inA]);
    const seen = adminList.find((r) => r.id === added.reportId)!;
    expect(seen).toMatchObject({
      status: 'new',
      steps: [],
      reporter: { name: 'Sam Deputy', agency: 'Webb County SO' },
    });
    expect(seen.matches).toContainEqual({ identifier: written.core, orgId: coreOrg, factId: corePhone });
    expect(seen.matches).toContainEqual(released);
    const adminShared = await ok<Shared[]>(['connections', ...inA]);
    expect(adminShared.flatMap((c) => c.facts)).toContainEqual({ orgId: coreOrg, factId: corePhone });

    const step = await ok<{ step: string; orgId: string }>([
      ...['report', 'triage', ...inA, '--report', added.reportId, '--link', coreOrg],
    ]);
    expect(step).toMatchObject({ step: 'link', orgId: coreOrg, by: admin.memberId });
    await ok(['sync', ...inA]);
    await ok(['sync', ...inP]);
    const afterLink = await ok<Listed[]>(['report', 'list', ...inP]);
    expect(afterLink[0]).toMatchObject({
      status: 'linked',
      steps: [{ step: 'link', by: admin.memberId }],
    });
    // A bare link: the organization and the entries it made are named in the core room only.
    expect(afterLink[0]!.steps[0]).not.toHaveProperty('orgId');
    expect(afterLink[0]!.steps[0]).not.toHaveProperty('entityIds');
    expect(JSON.stringify(afterLink)).not.toContain(coreOrg);
    expect(JSON.stringify(afterLink)).not.toContain(secret.org);

    // What crossed the partner's wire, what its profile stores and what it exports hold no core marker.
    const exported = (await cli(['export', ...inP])).stdout;
    const frames = Buffer.concat(wire.payloads());
    expectNoLeak({ frames, files: filesUnder(p), exported }, secret, control, webb);
  }, 360_000);
});
