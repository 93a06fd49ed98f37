import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { initCrypto, randomBytes, toBase64Url } from '../shared/crypto';
import { addOrganization, setProfile } from '../shared/model';
import { WORKSPACE_DOC_ID } from '../shared/protocol';
import { eventually, liveTable, tempRelay } from '../cli/testkit/liveWorkspaces';
import { wireCapture } from './wireCapture';

await initCrypto();

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

const marker = (what: string) => `LEAK-${what}-${toBase64Url(randomBytes(9))}`;

function filesUnder(dir: string): Buffer[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [readFileSync(path)];
  });
}

describe('S1: the relay, its disk and the wire see no plaintext', () => {
  it('finds no marker from names, notes, profiles or presence in captured frames or the relay store', async () => {
    const relay = await tempRelay();
    cleanup.push(() => relay.close());
    const wire = await wireCapture(relay.port);
    cleanup.push(() => wire.close());
    const { members } = await liveTable(wire.url, 1);
    cleanup.push(() => members.forEach((m) => m.close()));
    const [a, b] = members as [(typeof members)[0], (typeof members)[0]];

    const secrets = {
      org: marker('org'),
      note: marker('note'),
      name: marker('name'),
      agency: marker('agency'),
      presence: marker('presence'),
    };
    const ws = a.workspace.document(WORKSPACE_DOC_ID);
    addOrganization(ws, { name: secrets.org });
    setProfile(ws, a.workspace.roster, a.identity, { name: secrets.name, agency: secrets.agency });
    a.workspace.document('note-1').getMap('note').set('body', secrets.note);
    // The control: one value deliberately written in clear into the transport document. If the
    // scan cannot find this one, it proves nothing about the others.
    const control = marker('control');
    a.transport.getMap('probe').set('clear', control);

    a.presence.setLocal({ viewing: secrets.presence });
    await eventually('b to see where a is', () =>
      b.presence.others().some((p) => p.state['viewing'] === secrets.presence),
    );
    await eventually(
      'b to read the note',
      () => b.workspace.document('note-1').getMap('note').get('body') === secrets.note,
    );
    await a.connection.upToDate(10_000);
    await b.connection.upToDate(10_000);
    await relay.close(); // flushes the store to disk

    const wireText = Buffer.concat(wire.payloads());
    const diskText = Buffer.concat(filesUnder(relay.dataDir));
    expect(wireText.includes(control)).toBe(true);
    expect(diskText.includes(control)).toBe(true);
    for (const [what, secret] of Object.entries(secrets)) {
      expect(wireText.includes(secret), `${what} on the wire`).toBe(false);
      expect(diskText.includes(secret), `${what} on the relay's disk`).toBe(false);
    }
  });
});
