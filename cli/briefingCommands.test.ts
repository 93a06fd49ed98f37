import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { pdfPages, pdfText } from './testkit/pdfText';
import { initProfile, runCliOk, runCliRefused as refusedLine } from './testkit/cliProcess';

/** A relay nobody runs: the briefing is made from the local copy alone. */
const NO_RELAY = 'ws://127.0.0.1:9';

interface Made {
  path: string;
  pages: number;
  organizations: number;
  outcomes: number;
}

// Each command is its own process (1.5–3.5 s): the limits are for a stuck command, not a speed target.
describe('briefing command', () => {
  it('writes the Markdown and the PDF of a period, for everything or for a compartment, and refuses bad input', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'unity-briefing-'));
    const a = join(dir, 'a');
    await initProfile(a);
    const { workspaceId } = await runCliOk<{ workspaceId: string }>([
      ...['workspace', 'create', '--profile', a, '--title', 'Sector Table', '--relay', NO_RELAY],
    ]);
    const inA = ['--profile', a, '--workspace', workspaceId];
    const { compartmentId: rel } = await runCliOk<{ compartmentId: string }>([
      ...['compartment', 'create', ...inA, '--title', 'Partner Desk'],
      ...['--marking', 'TLP:GREEN — REL TO PARTNER DESK'],
    ]);
    const { orgId: core } = await runCliOk<{ orgId: string }>([
      ...['org', 'add', ...inA, '--name', 'Copper Line Syndicate'],
    ]);
    const { orgId: shared } = await runCliOk<{ orgId: string }>([
      ...['org', 'add', ...inA, '--name', 'Harbor Kite Network', '--compartment', rel],
    ]);
    const outcome = (org: string, kind: string, date: string, agency: string, note: string) =>
      runCliOk([
        ...['outcome', 'add', ...inA, '--org', org, '--kind', kind],
        ...['--date', date, '--agency', agency, '--note', note],
      ]);
    await outcome(core, 'arrest', '2026-11-24', 'CBP', 'Core only note 5512');
    await outcome(shared, 'indictment', '2026-11-26', 'DEA', 'Released note 7731');
    await outcome(shared, 'arrest', '2026-11-30', 'DEA', 'After the week');
    const week = ['--from', '2026-11-23', '--to', '2026-11-29'];

    const md = join(dir, 'week.md');
    expect(await runCliOk<Made>(['briefing', ...inA, ...week, '--out', md])).toEqual({
      path: md,
      pages: 1,
      organizations: 2,
      outcomes: 2,
    });
    const lines = readFileSync(md, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe(lines.at(-1));
    expect(lines.join('\n')).toContain('Core only note 5512');
    expect(lines.join('\n')).not.toContain('After the week');

    // No partner is in the compartment yet, so its members all read the core; its briefing still holds
    // only what is released to it, since whoever joins it later may be handed the document.
    const pdf = join(dir, 'partner.pdf');
    const made = await runCliOk<Made>(['briefing', ...inA, ...week, '--compartment', rel, '--out', pdf]);
    expect(made).toMatchObject({ path: pdf, organizations: 1, outcomes: 1 });
    const text = pdfText(readFileSync(pdf));
    expect(text).not.toContain('Core only note 5512');
    expect(made.pages).toBe(pdfPages(text).length);
    expect(text).toContain('(TLP:GREEN — REL TO PARTNER DESK) Harbor Kite Network');
    expect(text).toContain('Released note 7731');
    for (const page of pdfPages(text))
      expect(page.split('TLP:GREEN — REL TO PARTNER DESK').length - 1).toBeGreaterThanOrEqual(2);
    expect(text).toContain(`Page ${made.pages} of ${made.pages}`);

    const refused = join(dir, 'refused.pdf');
    expect(await refusedLine(['briefing', ...inA, '--from', '2026-11-31', '--out', refused])).toMatch(
      /--from "2026-11-31" is not a date/,
    );
    expect(
      await refusedLine(['briefing', ...inA, '--from', '2026-11-29', '--to', '2026-11-23', '--out', refused]),
    ).toMatch(/is after --to/);
    expect(await refusedLine(['briefing', ...inA, ...week, '--compartment', 'nope', '--out', refused])).toMatch(
      /no compartment nope here/,
    );
    expect(await refusedLine(['briefing', ...inA, ...week, '--out', join(dir, 'missing', 'x.pdf')])).toMatch(
      /does not exist/,
    );
    expect(await refusedLine(['briefing', ...inA, ...week, '--out', join(dir, 'week.txt')])).toMatch(
      /must end in \.pdf or \.md/,
    );
    expect(existsSync(refused)).toBe(false);
    expect(existsSync(join(dir, 'week.txt'))).toBe(false);
  }, 120_000);
});
