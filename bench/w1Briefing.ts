import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { briefingMarkdown, briefingPdf, buildBriefing, defaultPeriod } from '../shared/briefing';
import { notePdf } from '../shared/notes';
import { WorkspaceApi } from '../shared/workspace';
import type { P3MemberConfig } from './bundleWorkload';
import { p3Member } from './bundleWorkload';
import type { Log } from './harness';
import { now } from './harness';
import type { SummaryRow, TargetCheck } from './reportRows';
import { summaryRow, yesNo } from './reportRows';
import { formatMs, formatRatio, median, ratio, round } from './stats';

/**
 * W1 (issue 16): the briefing of the last week on P3's workspace (2,000 organizations, a year of
 * outcomes), from a fresh WorkspaceApi over the open workspace (its board merged from the rooms, as
 * a window or a CLI command opens it) to the PDF written to disk, against two baselines on the same
 * briefing: JSON.stringify of the model written to disk, and the note PDF (pdfmake, the same fonts)
 * of its Markdown, a document of the same text without tables and charts.
 */
export interface W1Config extends P3MemberConfig {
  reps: number;
  targetMs: number;
}

export interface W1Result {
  config: W1Config;
  notes: string[];
  organizations: number;
  seedMs: number;
  period: { from: string; to: string };
  /** What the briefing holds: organizations with news, outcomes listed, PDF pages. */
  shown: { organizations: number; outcomes: number; pages: number; pdfBytes: number };
  /** Open → PDF written, each run; its parts for the median run. */
  runs: number[];
  totalMs: number;
  parts: { openMs: number; buildMs: number; pdfMs: number; writeMs: number };
  jsonMs: number;
  notePdfMs: number;
  ratios: { overJson: number; overNotePdf: number };
  target: { limitMs: number; valueMs: number; met: boolean };
}

const NOTES = [
  'P3’s workspace as B3 seeds it (seedDemoWorkspace: 2,000 organizations, 10 entries and 3 outcomes each over a year of history) in the admin’s OpenWorkspace on in-memory records.',
  'Each run: new WorkspaceApi → buildBriefing (the seven days ending today, audience: everything held) → briefingPdf → writeFileSync. Baselines on the briefing of the same run: JSON.stringify + writeFileSync; notePdf(title, briefingMarkdown(b), banner). Medians over the runs, after one untimed run.',
];

export async function runW1(config: W1Config, log: Log): Promise<W1Result> {
  const { admin, seedMs, organizations } = await p3Member(config, log);
  const dir = mkdtempSync(join(tmpdir(), 'unity-w1-'));
  try {
    const { ow } = admin;
    const period = defaultPeriod(Date.now());
    const once = async () => {
      const t0 = now();
      const api = new WorkspaceApi(ow.workspace, admin.identity);
      try {
        api.board.read();
        const t1 = now();
        const b = buildBriefing(api, { ...period, audience: null });
        const t2 = now();
        const pdf = await briefingPdf(b);
        const t3 = now();
        writeFileSync(join(dir, 'briefing.pdf'), pdf.bytes);
        const t4 = now();
        const parts = { openMs: t1 - t0, buildMs: t2 - t1, pdfMs: t3 - t2, writeMs: t4 - t3 };
        const j0 = now();
        writeFileSync(join(dir, 'briefing.json'), JSON.stringify(b));
        const jsonMs = now() - j0;
        const n0 = now();
        const note = await notePdf('Briefing', briefingMarkdown(b), b.audience.banner);
        writeFileSync(join(dir, 'note.pdf'), note);
        const notePdfMs = now() - n0;
        return { totalMs: t4 - t0, parts, jsonMs, notePdfMs, b, pdf };
      } finally {
        api.destroy();
      }
    };
    await once();
    const results = [];
    for (let rep = 0; rep < config.reps; rep++) {
      const r = await once();
      results.push(r);
      log(
        `[W1] run ${rep + 1}: ${Math.round(r.totalMs)} ms (open ${Math.round(r.parts.openMs)}, build ${Math.round(r.parts.buildMs)}, pdf ${Math.round(r.parts.pdfMs)}), ${r.pdf.pages} pages`,
      );
    }
    const byTotal = [...results].sort((a, b) => a.totalMs - b.totalMs);
    const mid = byTotal[Math.floor(byTotal.length / 2)]!;
    const totalMs = round(median(results.map((r) => r.totalMs)));
    const jsonMs = round(median(results.map((r) => r.jsonMs)));
    const notePdfMs = round(median(results.map((r) => r.notePdfMs)));
    const b = mid.b;
    return {
      config,
      notes: NOTES,
      organizations,
      seedMs: round(seedMs),
      period,
      shown: {
        organizations: b.organizations.length,
        outcomes: b.organizations.reduce((n, o) => n + o.outcomes.length, 0),
        pages: mid.pdf.pages,
        pdfBytes: mid.pdf.bytes.byteLength,
      },
      runs: results.map((r) => round(r.totalMs)),
      totalMs,
      parts: {
        openMs: round(mid.parts.openMs),
        buildMs: round(mid.parts.buildMs),
        pdfMs: round(mid.parts.pdfMs),
        writeMs: round(mid.parts.writeMs),
      },
      jsonMs,
      notePdfMs,
      ratios: { overJson: ratio(totalMs, jsonMs), overNotePdf: ratio(totalMs, notePdfMs) },
      target: { limitMs: config.targetMs, valueMs: totalMs, met: totalMs <= config.targetMs },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await admin.ow.close();
  }
}

export function summarizeW1(
  w1: W1Result | null,
  summary: SummaryRow[],
  targets: TargetCheck[],
  breakdown: string[],
): void {
  if (!w1) return;
  const label = `W1 Briefing of one week on P3 (${w1.organizations.toLocaleString('en-US')} orgs, a year of outcomes): open → PDF written`;
  summary.push(
    summaryRow(
      `${label} (plain: JSON.stringify of the model)`,
      formatMs(w1.jsonMs),
      formatMs(w1.totalMs),
      formatRatio(w1.ratios.overJson),
      `≤ ${formatMs(w1.target.limitMs)}`,
      yesNo(w1.target.met),
    ),
  );
  summary.push(
    summaryRow(
      '  against the note PDF of its Markdown (plain)',
      formatMs(w1.notePdfMs),
      formatMs(w1.totalMs),
      formatRatio(w1.ratios.overNotePdf),
    ),
  );
  targets.push({
    id: 'W1',
    description: 'briefing of one week on P3: open → PDF written, median',
    limit: `≤ ${formatMs(w1.target.limitMs)}`,
    value: formatMs(w1.totalMs),
    met: w1.target.met,
  });
  breakdown.push(
    `W1: ${w1.period.from} to ${w1.period.to}: ${w1.shown.organizations} organizations with news, ${w1.shown.outcomes} outcomes, ` +
      `${w1.shown.pages} pages (${Math.round(w1.shown.pdfBytes / 1024)} KiB); the median run: open ${formatMs(w1.parts.openMs)}, ` +
      `build ${formatMs(w1.parts.buildMs)}, PDF ${formatMs(w1.parts.pdfMs)}, write ${formatMs(w1.parts.writeMs)}; runs ${w1.runs.map((x) => formatMs(x)).join(', ')}.`,
  );
}
