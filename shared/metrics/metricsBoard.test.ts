import { describe, expect, it } from 'vitest';

import { initCrypto } from '../crypto';
import { coreCompartmentId } from '../membership';
import { createFact, facts, OUTCOMES } from '../model';
import type { OutcomeFields, SeizureFields } from '../model';
import { roomsWorld } from '../testkit/roomsWorld';
import { WorkspaceApi } from '../workspace';
import { addTotals, outcomeRows, totals } from './index';

await initCrypto();

/** An admin, an honest analyst, a hostile analyst (a patched client), and a sheriff in a releasable compartment. */
function table() {
  const w = roomsWorld();
  const analystClient = w.join('analyst');
  const evilClient = w.join('analyst');
  const sheriffClient = w.join('partner');
  const released = w.createCompartment(w.admin, 'releasable', [sheriffClient.workspace.me]).id;
  w.sync();
  const core = coreCompartmentId(w.workspaceId);
  const admin = new WorkspaceApi(w.admin.workspace, w.admin.identity);
  const analyst = new WorkspaceApi(analystClient.workspace, analystClient.identity);
  const sheriff = new WorkspaceApi(sheriffClient.workspace, sheriffClient.identity);
  /** The hostile analyst's raw edit of room `room`'s `workspace` document, sealed as itself and sent. */
  const evil = w.hostileWriter(evilClient, 4343);
  return { w, core, released, admin, analyst, sheriff, evil };
}

/** A seizure's outcome fields, with no note. */
const seizure = (date: string, agency: string, fields: SeizureFields): OutcomeFields => ({
  ...{ kind: 'seizure', date, agency, note: '' },
  seizure: fields,
});

describe('outcome rows over the merged board', () => {
  it('reads every outcome the board shows; an audience (viewAs) and a partner count only what is released to them', () => {
    const { w, admin, analyst, sheriff, released, core } = table();
    const hidden = admin.board.addOrganization({ name: 'Los Halcones', lane: 'Target' });
    const shared = admin.board.addOrganization({ name: 'Red Mesa', lane: 'Collect', compartmentId: released });
    w.sync();
    analyst.board.addOutcome(hidden, { kind: 'arrest', date: '2026-11-02', agency: 'DEA', note: '' });
    analyst.board.addOutcome(
      hidden,
      seizure('2026-11-03', 'CBP', { category: 'narcotics', drugKind: 'fentanyl', weightKg: 12.5 }),
    );
    admin.board.addOutcome(shared, seizure('2026-11-09', 'County Sheriff', { category: 'currency', amountUsd: 40000 }));
    w.sync();

    const all = outcomeRows(admin.board);
    expect(all.map((r) => [r.orgName, r.lane, r.kind, r.compartmentId])).toEqual(
      expect.arrayContaining([
        ['Los Halcones', 'Target', 'arrest', core],
        ['Los Halcones', 'Target', 'seizure', core],
        ['Red Mesa', 'Collect', 'seizure', released],
      ]),
    );
    expect(totals(all)).toMatchObject({ arrests: 1, seizures: 2, kg: 12.5, usd: 40000 });

    const view = admin.board.viewAs([released]);
    expect(totals(outcomeRows(view))).toMatchObject({ arrests: 0, seizures: 1, kg: 0, usd: 40000 });
    view.destroy();
    expect(outcomeRows(sheriff.board).map((r) => r.orgName)).toEqual(['Red Mesa']);
  });

  it("a hostile member's unbounded numbers and non-dates are not counted, and never poison the totals", () => {
    const { w, admin, evil, core } = table();
    const org = admin.board.addOrganization({ name: 'Los Halcones' });
    w.sync();
    admin.board.addOutcome(org, seizure('2026-11-03', 'CBP', { category: 'weapons', count: 3 }));
    w.sync();
    evil(core, (doc) => {
      const map = facts(doc, OUTCOMES);
      const planted = (id: string, fields: Record<string, unknown>) =>
        createFact(map, id, { org, kind: 'seizure', agency: 'Evil', note: '', date: '2026-11-04', ...fields }, 1);
      planted('huge', { seizure: { category: 'narcotics', drugKind: 'x', weightKg: 1e308 } });
      planted('negative', { seizure: { category: 'weapons', count: -50 } });
      planted('fraction', { seizure: { category: 'weapons', count: 2.5 } });
      planted('nan', { seizure: { category: 'currency', amountUsd: Number.NaN } });
      planted('nodate', { date: 'last tuesday', seizure: { category: 'currency', amountUsd: 5 } });
      planted('feb30', { date: '2026-02-30', kind: 'arrest' });
    });
    expect(admin.board.outcomes(org)).toHaveLength(7);
    const rows = outcomeRows(admin.board);
    // The planted seizures still count as seizures (a signed fact is a fact); their numbers do not.
    expect(
      rows
        .map((r) => r.id)
        .filter((id) => id.length < 9)
        .sort(),
    ).toEqual(['fraction', 'huge', 'nan', 'negative']);
    expect(rows).toHaveLength(5);
    expect(totals(rows)).toMatchObject({ seizures: 5, arrests: 0, kg: 0, weapons: 3, usd: 0, kgByDrug: {} });
    for (const v of Object.values(totals(rows))) if (typeof v === 'number') expect(Number.isFinite(v)).toBe(true);
  });

  it("a hostile member's drug kinds (an object's own names, markup, 10 MB) are plain labels, every kg counted once", () => {
    const { w, admin, evil, core } = table();
    const org = admin.board.addOrganization({ name: 'Los Halcones' });
    w.sync();
    const huge = '<b>meth</b>'.repeat(1_000_000);
    const kinds = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', huge];
    evil(core, (doc) => {
      const map = facts(doc, OUTCOMES);
      kinds.forEach((drugKind, i) =>
        createFact(
          map,
          `drug${i}`,
          {
            ...{ org, kind: 'seizure', agency: 'Evil', note: '', date: '2026-11-04' },
            seizure: { category: 'narcotics', drugKind, weightKg: i + 1 },
          },
          1,
        ),
      );
    });
    const t = totals(outcomeRows(admin.board));
    expect(t.kg).toBe(15);
    const byDrug = Object.entries(t.kgByDrug);
    expect(byDrug.map(([, kg]) => kg).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5]);
    expect(byDrug.map(([k]) => k).slice(0, 4)).toEqual(kinds.slice(0, 4).map((k) => k.toLowerCase()));
    // Held to the length a writer may type (120): a label, never 10 MB in a chart, a table or a PDF.
    expect(Math.max(...byDrug.map(([k]) => k.length))).toBeLessThanOrEqual(120);
    expect(Object.getPrototypeOf(t.kgByDrug)).toBe(Object.prototype);
    expect(totals(outcomeRows(admin.board)).kgByDrug).toEqual(t.kgByDrug);
    expect(Object.values(addTotals(t, t).kgByDrug).sort((a, b) => a - b)).toEqual([2, 4, 6, 8, 10]);
  });
});
