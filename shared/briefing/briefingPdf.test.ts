import { beforeAll, describe, expect, it } from 'vitest';

import { pdfPages, pdfText } from '../../cli/testkit/pdfText';
import { initCrypto } from '../crypto';
import { briefingTable, fillTable, MARKERS } from '../testkit/briefingTable';
import type { BriefingTable } from '../testkit/briefingTable';
import { briefingPdf, buildBriefing } from './index';

await initCrypto();

/** Enough outcomes on one organization that its table runs over a page. */
const BULK = 70;

/** The text between two headings of the PDF. */
function between(text: string, start: string, end: string): string {
  const a = text.indexOf(start);
  const b = text.indexOf(end, a + start.length);
  expect(a, `no "${start}" in the PDF`).toBeGreaterThanOrEqual(0);
  expect(b, `no "${end}" after "${start}"`).toBeGreaterThan(a);
  return text.slice(a, b);
}

/** A number in a totals row ("Arrests   33", "Currency seized (USD)   48,200"). */
function total(section: string, label: string): number {
  const line = section.split('\n').find((l) => l.trim().startsWith(label));
  expect(line, `no row "${label}"`).toBeDefined();
  return Number(line!.trim().slice(label.length).trim().split(/\s+/)[0]!.replace(/,/g, ''));
}

describe('briefingPdf, read back with pdftotext', () => {
  let t: BriefingTable;
  let f: ReturnType<typeof fillTable>;
  let all: { text: string; pages: number; bytes: Uint8Array };
  let partner: { text: string; pages: number };
  beforeAll(async () => {
    t = briefingTable({ bulk: BULK });
    f = fillTable(t);
    const make = async (audience: string | null) => {
      const b = buildBriefing(t.admin, { from: t.from, to: t.to, audience }, t.clock());
      const { bytes, pages } = await briefingPdf(b);
      return { bytes, pages, text: pdfText(bytes) };
    };
    all = await make(null);
    partner = await make(t.rel);
  }, 60_000);

  it('holds the top five names in order', () => {
    const section = between(all.text, 'Top five priorities', 'Lane changes');
    const at = f.top.map((name) => section.indexOf(name));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  it('its totals equal the sum of the period’s outcomes, computed here from what was added', () => {
    const rows = t.outcomes.filter((o) => o.date >= t.from && o.date <= t.to);
    const kind = (k: string) => rows.filter((o) => o.kind === k).length;
    const sum = (pick: (o: (typeof rows)[number]) => number | undefined) =>
      rows.reduce((n, o) => n + (pick(o) ?? 0), 0);
    const section = between(all.text, 'Totals for the period', 'Against the previous periods');
    expect(total(section, 'Arrests')).toBe(kind('arrest'));
    expect(total(section, 'Seizures')).toBe(kind('seizure'));
    expect(total(section, 'Indictments')).toBe(kind('indictment'));
    expect(total(section, 'Entry-permission revocations')).toBe(kind('entry-permission revocation'));
    expect(total(section, 'Narcotics seized (kg)')).toBeCloseTo(
      sum((o) => (o.seizure?.category === 'narcotics' ? o.seizure.weightKg : 0)),
      6,
    );
    expect(total(section, 'Weapons seized')).toBe(
      sum((o) => (o.seizure?.category === 'weapons' ? o.seizure.count : 0)),
    );
    expect(total(section, 'Currency seized (USD)')).toBe(
      sum((o) => (o.seizure?.category === 'currency' ? o.seizure.amountUsd : 0)),
    );
    expect(kind('arrest')).toBeGreaterThan(BULK / 2 - 1);
  });

  it('for the partner compartment: no marker of a fact not released to it, the released control marker', () => {
    for (const marker of [...Object.values(MARKERS.core), ...Object.values(MARKERS.secret)])
      expect(partner.text, marker).not.toContain(marker);
    for (const marker of Object.values(MARKERS.released)) expect(partner.text).toContain(marker);
    expect(partner.text).toContain('(TLP:GREEN — REL TO PARTNER DESK) Harbor Kite Network');
  });

  it('the banner at the top and bottom of every page, and "Page n of m"', () => {
    for (const [doc, banner] of [
      [all, 'TLP:RED — SOURCE CELL'],
      [partner, 'TLP:GREEN — REL TO PARTNER DESK'],
    ] as const) {
      const pages = pdfPages(doc.text);
      expect(pages).toHaveLength(doc.pages);
      pages.forEach((page, i) => {
        const lines = page.split('\n').filter((l) => l.trim() !== '');
        expect(lines[0]!.trim()).toBe(banner);
        expect(lines.at(-1)).toContain(banner);
        expect(lines.at(-1)).toContain(`Page ${i + 1} of ${doc.pages}`);
      });
    }
    expect(all.pages).toBeGreaterThan(2);
  });

  it('a table header repeats on the next page it runs onto', () => {
    const header = /Outcome\s+Date\s+Agency\s+What\s+Recorded by/;
    const bulkPages = pdfPages(all.text).filter((p) => p.includes('bulk row'));
    expect(bulkPages.length).toBeGreaterThanOrEqual(2);
    for (const page of bulkPages) expect(page).toMatch(header);
    // The second page starts with the header, not with a heading of a new organization.
    const second = bulkPages[1]!.split('\n').filter((l) => l.trim() !== '');
    expect(second[1]).toMatch(header);
  });

  it('draws its charts as vectors, embeds its fonts and names no address to fetch', () => {
    const raw = new TextDecoder('latin1').decode(all.bytes);
    expect(raw).not.toMatch(/\/Subtype\s*\/Image/);
    expect(raw).toMatch(/\/FontFile2/);
    expect(raw).not.toMatch(/\/URI|https?:\/\//);
    expect(all.text).toContain('Outcomes per period');
    expect(all.text).toContain('Outcomes per week, last 12 weeks');
    expect(all.text).toMatch(/ISO week · y axis: outcomes/);
  });
});
