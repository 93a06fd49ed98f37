import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { initProfile, runCli as cli, runCliOk } from './testkit/cliProcess';

/** A relay nobody runs: outcomes are added offline. */
const NO_RELAY = 'ws://127.0.0.1:9';

interface Fact {
  map: string;
  id: string;
  kind?: string;
  seizure?: Record<string, unknown>;
}

// Each command is its own process (1.5–3.5 s): the limit is for a stuck command, not a speed target.
describe('outcome add', () => {
  it('records seizures of narcotics, weapons and currency, and refuses an ambiguous one in one line, writing nothing', async () => {
    const a = join(mkdtempSync(join(tmpdir(), 'unity-outcomes-')), 'a');
    await initProfile(a);
    const { workspaceId } = await runCliOk<{ workspaceId: string }>([
      ...['workspace', 'create', '--profile', a, '--title', 'Sector Table', '--relay', NO_RELAY],
    ]);
    const inA = ['--profile', a, '--workspace', workspaceId];
    const { orgId } = await runCliOk<{ orgId: string }>(['org', 'add', ...inA, '--name', 'Los Halcones']);
    const add = (...more: string[]) => [
      ...['outcome', 'add', ...inA, '--org', orgId, '--date', '2026-11-03', '--agency', 'DEA', ...more],
    ];

    const drugs = await runCliOk<{ outcomeId: string; compartmentId: string }>(
      add('--kind', 'seizure', '--drug', 'fentanyl', '--kg', '12.5', '--note', 'pills in a tire'),
    );
    expect(Object.keys(drugs).sort()).toEqual(['compartmentId', 'outcomeId']);
    const guns = await runCliOk<{ outcomeId: string }>(add('--kind', 'seizure', '--weapons', '4'));
    const cash = await runCliOk<{ outcomeId: string }>(add('--kind', 'seizure', '--usd', '250000'));
    const arrest = await runCliOk<{ outcomeId: string }>(add('--kind', 'arrest'));

    for (const [args, line] of [
      [add('--kind', 'seizure'), 'a seizure takes exactly one of --drug KIND --kg N, --weapons N or --usd N'],
      [add('--kind', 'seizure', '--weapons', '2', '--usd', '9'), 'a seizure takes exactly one of'],
      [add('--kind', 'seizure', '--kg', '3'), '--kg needs --drug KIND (what was seized)'],
      [add('--kind', 'arrest', '--usd', '9'), '--drug, --kg, --weapons and --usd are for --kind seizure only'],
      [add('--kind', 'seizure', '--weapons', 'many'), '--weapons takes a whole number of weapons, not "many"'],
    ] as const) {
      const r = await cli([...args]);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(line);
    }

    const { facts } = JSON.parse((await cli(['export', ...inA])).stdout) as { facts: Fact[] };
    const outcomes = facts.filter((f) => f.map === 'outcomes');
    expect(outcomes.map((o) => o.id).sort()).toEqual(
      [drugs.outcomeId, guns.outcomeId, cash.outcomeId, arrest.outcomeId].sort(),
    );
    const byId = new Map(outcomes.map((o) => [o.id, o]));
    expect(byId.get(drugs.outcomeId)?.seizure).toEqual({ category: 'narcotics', drugKind: 'fentanyl', weightKg: 12.5 });
    expect(byId.get(guns.outcomeId)?.seizure).toEqual({ category: 'weapons', count: 4 });
    expect(byId.get(cash.outcomeId)?.seizure).toEqual({ category: 'currency', amountUsd: 250000 });
    expect(byId.get(arrest.outcomeId)?.seizure).toBeUndefined();
  }, 120_000);
});
