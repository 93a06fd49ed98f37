import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { runCli as cli, runCliOk as ok } from './testkit/cliProcess';
import { cleanupAfterEach, hqAndFieldRelays, sectorTable } from './testkit/fieldRelays';

const cleanup = cleanupAfterEach();

interface Synced {
  relay: string;
  upToDate: boolean;
  rejected: unknown[];
  warnings: unknown[];
}

/** A sync that reached the relay with nothing refused and no replay reported. */
async function syncClean(args: string[]): Promise<Synced> {
  const out = await ok<Synced>(['sync', ...args]);
  expect(out.upToDate).toBe(true);
  expect(out.rejected).toEqual([]);
  expect(JSON.stringify(out)).not.toContain('replayed');
  return out;
}

const exported = async (args: string[]): Promise<string> => {
  const r = await cli(['export', ...args]);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
};

// Each command is its own process (1.5–3.5 s): the limit is for a stuck command, not a speed target.
describe('issue 14: three networks, two relays, bundles by file only', () => {
  it('headquarters on relay 1, a field member on relay 2 it seeded, one bundle each way: identical exports, nothing lost, no duplicate on a later direct sync', async () => {
    const { dir, hq, field } = await hqAndFieldRelays(cleanup, 'three');
    const [a, b, f] = [join(dir, 'a'), join(dir, 'b'), join(dir, 'f')];
    await ok(['init', '--profile', a, '--name', 'Ana Example', '--agency', 'Headquarters']);
    await ok(['init', '--profile', b, '--name', 'Ben Sample', '--agency', 'Headquarters']);
    await ok(['init', '--profile', f, '--name', 'Fay Field', '--agency', 'Field Office']);
    const { inProfile } = await sectorTable(a, hq.url);
    const [inA, inB, inF] = [inProfile(a), inProfile(b), inProfile(f)];
    const forB = await ok<string>(['invite', 'create', ...inA, '--role', 'analyst']);
    const forF = await ok<string>(['invite', 'create', ...inA, '--role', 'analyst']);
    await syncClean(inA);
    await ok(['join', '--profile', b, '--invite', forB]);
    await ok(['join', '--profile', f, '--invite', forF]);
    await syncClean(inA); // confirms both joins, wraps the key for both
    const { orgId } = await ok<{ orgId: string }>(['org', 'add', ...inA, '--name', 'Org Osprey']);
    await ok(['note', 'append', ...inA, '--org', orgId, '--text', 'Opened at headquarters.']);
    await syncClean(inA);
    await syncClean(inB);
    await syncClean(inF);

    // The field member leaves for the office: relay 2, started empty, takes the workspace from it.
    expect((await syncClean([...inF, '--relay', field.url])).relay).toBe(field.url);

    // Meanwhile everyone edits the same organization and its note, each on its own network.
    await ok(['entity', 'add', ...inA, '--org', orgId, '--kind', 'person', '--name', 'Hal Harbor']);
    await ok(['note', 'append', ...inB, '--org', orgId, '--text', 'Headquarters saw the boat.']);
    await ok(['entity', 'add', ...inF, '--org', orgId, '--kind', 'person', '--name', 'Fen Marsh']);
    await ok(['note', 'append', ...inF, '--org', orgId, '--text', 'The field saw the truck.']);
    await syncClean(inA);
    await syncClean(inB);
    await syncClean(inA);
    await syncClean([...inF, '--relay', field.url]);

    // Bundles go both ways by file only, each against the other side's state file.
    const file = (name: string) => join(dir, name);
    await ok(['bundle', 'state', ...inF, '--out', file('field.state')]);
    await ok(['bundle', 'export', ...inA, '--out', file('hq.bundle'), '--since', file('field.state')]);
    await ok(['bundle', 'state', ...inA, '--out', file('hq.state')]);
    await ok(['bundle', 'export', ...inF, '--out', file('field.bundle'), '--since', file('hq.state')]);
    const intoField = await ok<{ new: number; rejected: number }>([
      'bundle',
      'import',
      ...inF.slice(0, 2),
      '--in',
      file('hq.bundle'),
    ]);
    const intoHq = await ok<{ new: number; rejected: number }>([
      'bundle',
      'import',
      ...inA.slice(0, 2),
      '--in',
      file('field.bundle'),
    ]);
    expect([intoField.new > 0, intoField.rejected, intoHq.new > 0, intoHq.rejected]).toEqual([true, 0, true, 0]);

    // A sync on each side: headquarters on relay 1, the field on relay 2.
    await syncClean(inA);
    await syncClean(inB);
    await syncClean([...inF, '--relay', field.url]);
    const [ea, eb, ef] = [await exported(inA), await exported(inB), await exported(inF)];
    expect(eb).toBe(ea);
    expect(ef).toBe(ea);
    for (const name of ['Org Osprey', 'Hal Harbor', 'Fen Marsh']) expect(ea, name).toContain(name);
    // The note, which `export` does not carry: the same three paragraphs on every side.
    const note = async (args: string[]) => (await ok<{ text: string }>(['note', 'show', ...args, '--org', orgId])).text;
    const notes = [await note(inA), await note(inB), await note(inF)];
    expect(notes[1]).toBe(notes[0]);
    expect(notes[2]).toBe(notes[0]);
    for (const line of ['Opened at headquarters.', 'Headquarters saw the boat.', 'The field saw the truck.'])
      expect(notes[0], line).toContain(line);

    // Later the field member reconnects to headquarters' relay directly: no duplicate, no replay.
    await syncClean(inF);
    await syncClean(inA);
    await syncClean(inB);
    const after = [await exported(inA), await exported(inB), await exported(inF)];
    expect(after).toEqual([ea, ea, ea]);
    expect([await note(inA), await note(inF)]).toEqual([notes[0], notes[0]]);
    // About forty CLI processes, each starting tsx: 160 s alone, 276 s beside other suites on two cores.
  }, 900_000);
});
