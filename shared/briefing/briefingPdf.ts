import type { Content, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces';

import { outcomeCount } from '../metrics';
import type { Totals } from '../metrics';
import { notePdfLines } from '../notes';
import { renderPdf } from '../pdf';
import { briefingTitle, formatDay, formatKg, movement, personLabel, roundSource, TOTAL_MEASURES } from './briefingText';
import type { Briefing } from './types';

const PAGE_WIDTH = 595.28; // A4, points
const MARGIN_X = 40;
const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X;
const MARK = '#555555';

/**
 * A briefing as a PDF (pdfmake, made on this machine): its audience's banner at the top and bottom of
 * every page, "Page n of m", a portion mark before each item, tables whose header row repeats on
 * every page they run onto, and vector charts (pdfmake canvas bars, with their axes and labels, and
 * their numbers in a table beside them). Text is Roboto, embedded: any Latin, Greek or Cyrillic name shows.
 */
export async function briefingPdf(b: Briefing): Promise<{ bytes: Uint8Array; pages: number }> {
  return renderPdf(briefingDocument(b));
}

/** The pdfmake document of a briefing (exported for tests of its structure). */
export function briefingDocument(b: Briefing): TDocumentDefinitions {
  const banner = oneLine(b.audience.banner);
  const content: Content[] = [
    { text: briefingTitle(b), style: 'title' },
    {
      text: `For ${b.audience.title} · made ${formatDay(b.madeAt)} by ${personLabel(b.madeBy)}`,
      style: 'meta',
    },
    section('Bottom line up front'),
    ...(b.bluf.trim() === ''
      ? [empty('No bottom line written for this briefing.')]
      : [
          marked(
            b.audience.banner,
            notePdfLines(b.bluf)
              .map((l) => l.text)
              .filter((t) => t !== '')
              .join('\n'),
          ),
        ]),
    section('Top five priorities'),
    b.priorities.length === 0
      ? empty('No closed priority round.')
      : table(
          ['Rank', 'Organization', 'Since the round before'],
          b.priorities.map((p) => [String(p.rank), markedCell(p.marking, p.name), movement(p.rank, p.previousRank)]),
          [34, '*', 130],
          roundSource(b.priorities[0]!.roundTitle),
        ),
    section('Lane changes'),
    b.laneChanges.length === 0
      ? empty('No organization changed lanes.')
      : table(
          ['Organization', 'From', 'To', 'By', 'When'],
          b.laneChanges.map((c) => [markedCell(c.marking, c.name), c.from, c.to, personLabel(c.by), formatDay(c.at)]),
          ['*', 70, 70, 110, 60],
        ),
    section('Totals for the period'),
    totalsTable(b.totals),
    section('Against the previous periods'),
    trendTable(b),
    barChart(
      'Outcomes per period',
      b.trend.map((p) => ({ label: `${p.from.slice(5)}–${p.to.slice(5)}`, value: outcomeCount(p.totals) })),
      'Period (month-day)',
    ),
    barChart(
      'Outcomes per week, last 12 weeks',
      b.series.map((p) => ({ label: p.bucket.slice(5), value: outcomeCount(p.totals) })),
      'ISO week',
    ),
    section('Organizations'),
    ...(b.organizations.length === 0
      ? [empty('No new network entries or outcomes in the period.')]
      : b.organizations.flatMap((o) => organization(o))),
    section('New connections'),
    b.connections.length === 0
      ? empty('No new connection across organizations or reports.')
      : table(
          ['Identifier', 'Shared by'],
          b.connections.map((c) => [markedCell(c.marking, c.identifier), c.owners.join('; ')]),
          [170, '*'],
        ),
    section('New field reports'),
    b.reports.length === 0
      ? empty('No field report filed in the period.')
      : table(
          ['Filed', 'By', 'Grade', 'Status', 'Excerpt'],
          b.reports.map((r) => [
            formatDay(r.at),
            personLabel(r.filedBy),
            r.grading,
            r.status,
            markedCell(r.marking, r.excerpt),
          ]),
          [55, 95, 32, 48, '*'],
        ),
    section('Meeting notes'),
    ...(b.meetings.length === 0
      ? [empty('No meeting note in the period (or none this audience may read).')]
      : b.meetings.flatMap((m): Content[] => [
          { text: [{ text: `(${oneLine(m.marking)}) `, color: MARK }, `${m.date} · ${m.title}`], style: 'h3' },
          ...notePdfLines(m.markdown)
            .filter((l) => l.text !== '')
            .map((l) => ({
              text: l.text,
              fontSize: l.size,
              bold: l.bold,
              margin: [l.indent, 1, 0, 1] as [number, number, number, number],
            })),
        ])),
  ];
  return {
    info: { title: briefingTitle(b), producer: 'Unity Table', creator: 'Unity Table' },
    pageSize: 'A4',
    pageMargins: [MARGIN_X, 54, MARGIN_X, 54],
    header: () => ({ text: banner, style: 'banner', margin: [MARGIN_X, 20, MARGIN_X, 0] }),
    footer: (current: number, count: number) => ({
      margin: [MARGIN_X, 12, MARGIN_X, 0],
      columns: [
        { text: banner, style: 'banner', width: '*' },
        { text: `Page ${current} of ${count}`, alignment: 'right', fontSize: 8, width: 80 },
      ],
    }),
    content,
    styles: {
      title: { fontSize: 16, bold: true, margin: [0, 0, 0, 4] },
      meta: { fontSize: 9, color: '#333333', margin: [0, 0, 0, 8] },
      section: { fontSize: 13, bold: true, margin: [0, 12, 0, 4] },
      h3: { fontSize: 11, bold: true, margin: [0, 8, 0, 3] },
      banner: { fontSize: 9, bold: true, alignment: 'center' },
      th: { bold: true, fontSize: 9, fillColor: '#e8e8e8' },
      empty: { fontSize: 9, italics: true, color: '#444444' },
    },
    defaultStyle: { fontSize: 9 },
  };
}

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();
const section = (title: string): Content => ({ text: title, style: 'section' });
const empty = (text: string): Content => ({ text, style: 'empty' });

/** A paragraph with its portion mark before it. */
function marked(marking: string, text: string): Content {
  return { text: [{ text: `(${oneLine(marking)}) `, color: MARK, bold: true }, text] };
}

function markedCell(marking: string, text: string): TableCell {
  return { text: [{ text: `(${oneLine(marking)}) `, color: MARK }, text] };
}

/** A table whose header row repeats on each page it runs onto; rows are not split across pages. */
function table(header: string[], rows: TableCell[][], widths: Array<number | string>, caption?: string): Content {
  const body: TableCell[][] = [header.map((h) => ({ text: h, style: 'th' })), ...rows];
  const t: Content = {
    table: { headerRows: 1, dontBreakRows: true, widths, body },
    layout: 'lightHorizontalLines',
    margin: [0, 2, 0, 6],
  };
  return caption ? { stack: [{ text: caption, fontSize: 8, color: '#333333' }, t] } : t;
}

function totalsTable(t: Totals): Content {
  const drugs = Object.keys(t.kgByDrug).sort();
  return table(
    ['Measure', 'This period'],
    [
      ...TOTAL_MEASURES.map(([label, value]) => [label, value(t)]),
      ...drugs.map((d) => [`  of which ${d} (kg)`, formatKg(t.kgByDrug[d]!)]),
    ],
    ['*', 100],
  );
}

function trendTable(b: Briefing): Content {
  return table(
    ['Measure', ...b.trend.map((p) => `${p.from.slice(5)}–${p.to.slice(5)}`)],
    TOTAL_MEASURES.map(([label, value]) => [label, ...b.trend.map((p) => value(p.totals))]),
    ['*', ...b.trend.map(() => 56)],
  );
}

function organization(o: Briefing['organizations'][number]): Content[] {
  const out: Content[] = [
    { text: [{ text: `(${oneLine(o.marking)}) `, color: MARK }, `${o.name} — ${o.lane}`], style: 'h3' },
  ];
  if (o.entries.length > 0)
    out.push(
      table(
        ['New network entry', 'Kind', 'Added by', 'On'],
        o.entries.map((e) => [
          markedCell(e.marking, e.label),
          e.kind,
          e.addedBy ? personLabel(e.addedBy) : 'unsigned',
          e.addedAt === null ? '' : formatDay(e.addedAt),
        ]),
        ['*', 60, 130, 60],
      ),
    );
  if (o.outcomes.length > 0)
    out.push(
      table(
        ['Outcome', 'Date', 'Agency', 'What', 'Recorded by'],
        o.outcomes.map((x) => [
          markedCell(x.marking, x.kind),
          x.date,
          x.agency,
          x.summary,
          x.addedBy ? personLabel(x.addedBy) : 'unsigned',
        ]),
        [110, 56, 60, '*', 100],
      ),
    );
  return out;
}

/** A vertical bar chart drawn with vector shapes: y axis from 0 to the largest value, a label under each bar. */
function barChart(title: string, bars: Array<{ label: string; value: number }>, xAxis: string): Content {
  const axisWidth = 34;
  const width = CONTENT_WIDTH - axisWidth;
  const height = 110;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const slot = width / Math.max(1, bars.length);
  const barWidth = slot * 0.6;
  const shapes: Array<Record<string, unknown>> = [
    { type: 'line', x1: 0, y1: 0, x2: 0, y2: height, lineWidth: 0.8 },
    { type: 'line', x1: 0, y1: height, x2: width, y2: height, lineWidth: 0.8 },
    {
      type: 'line',
      x1: 0,
      y1: height / 2,
      x2: width,
      y2: height / 2,
      lineWidth: 0.3,
      lineColor: '#bbbbbb',
      dash: { length: 2 },
    },
  ];
  bars.forEach((b, i) => {
    const h = (b.value / max) * (height - 4);
    if (h > 0)
      shapes.push({
        type: 'rect',
        x: i * slot + (slot - barWidth) / 2,
        y: height - h,
        w: barWidth,
        h,
        color: '#2f5d8a',
      });
  });
  const row = (cells: string[], size: number): Content => ({
    columns: [
      { width: axisWidth, text: '' },
      ...cells.map((c) => ({ width: slot, text: c, fontSize: size, alignment: 'center' as const })),
    ],
    columnGap: 0,
  });
  return {
    unbreakable: true,
    margin: [0, 8, 0, 4],
    stack: [
      { text: title, style: 'h3' },
      row(
        bars.map((b) => String(b.value)),
        7,
      ),
      {
        columns: [
          {
            width: axisWidth,
            stack: [
              { text: String(max), fontSize: 7, alignment: 'right', margin: [0, 0, 4, 0] },
              {
                text: String(Math.round(max / 2)),
                fontSize: 7,
                alignment: 'right',
                margin: [0, height / 2 - 16, 4, 0],
              },
              { text: '0', fontSize: 7, alignment: 'right', margin: [0, height / 2 - 16, 4, 0] },
            ],
          },
          { width, canvas: shapes as never },
        ],
        columnGap: 0,
      },
      row(
        bars.map((b) => b.label),
        6,
      ),
      {
        text: `${xAxis} · y axis: outcomes (arrests, seizures, indictments, revocations)`,
        fontSize: 7,
        alignment: 'center',
        margin: [0, 2, 0, 0],
      },
    ],
  };
}
