import { outcomeCount } from '../metrics';
import type { Totals } from '../metrics';
import { briefingTitle, formatDay, formatKg, movement, personLabel, roundSource, TOTAL_MEASURES } from './briefingText';
import type { Briefing } from './types';

/**
 * A briefing as Markdown: its banner is the first and the last line, each item starts with its portion
 * mark "(MARKING)", totals and the trend are tables. Text from the board is backslash-escaped, so a
 * name cannot become a link, emphasis or HTML; the bottom line and meeting notes are the editor's own Markdown
 * export (links already limited by its policy).
 */
export function briefingMarkdown(b: Briefing): string {
  const banner = oneLine(b.audience.banner);
  const mark = (marking: string) => `(${esc(oneLine(marking))})`;
  const out: string[] = [
    banner,
    '',
    `# ${esc(briefingTitle(b))}`,
    '',
    `For ${esc(b.audience.title)} · made ${formatDay(b.madeAt)} by ${esc(personLabel(b.madeBy))}`,
    '',
    '## Bottom line up front',
    '',
    b.bluf.trim() === ''
      ? '_No bottom line written for this briefing._'
      : `${mark(b.audience.banner)} ${b.bluf.trim()}`,
    '',
    '## Top five priorities',
    '',
  ];
  if (b.priorities.length === 0) out.push('_No closed priority round._');
  else {
    out.push(`${esc(roundSource(b.priorities[0]!.roundTitle))}.`, '');
    out.push(
      ...rows(
        ['Rank', 'Organization', 'Since the round before'],
        b.priorities.map((p) => [
          String(p.rank),
          `${mark(p.marking)} ${esc(p.name)}`,
          movement(p.rank, p.previousRank),
        ]),
      ),
    );
  }
  out.push('', '## Lane changes', '');
  if (b.laneChanges.length === 0) out.push('_No organization changed lanes._');
  else
    for (const c of b.laneChanges)
      out.push(
        `- ${mark(c.marking)} ${esc(c.name)}: ${esc(c.from)} → ${esc(c.to)}, by ${esc(personLabel(c.by))} on ${formatDay(c.at)}`,
      );
  out.push('', '## Totals for the period', '', ...totalsRows(b.totals));
  out.push('', '## Against the previous periods', '');
  out.push(
    ...rows(
      ['Measure', ...b.trend.map((p) => `${p.from} – ${p.to}`)],
      TOTAL_MEASURES.map(([label, value]) => [label, ...b.trend.map((p) => value(p.totals))]),
    ),
  );
  out.push('', '### Outcomes per week, last 12 weeks', '');
  out.push(
    ...rows(
      ['Week', 'From', 'To', 'Outcomes'],
      b.series.map((p) => [p.bucket, p.start, p.end, String(outcomeCount(p.totals))]),
    ),
  );
  out.push('', '## Organizations', '');
  if (b.organizations.length === 0) out.push('_No new network entries or outcomes in the period._');
  for (const o of b.organizations) {
    out.push(`### ${mark(o.marking)} ${esc(o.name)} — ${esc(o.lane)}`, '');
    for (const e of o.entries)
      out.push(
        `- ${mark(e.marking)} New ${esc(e.kind)}: ${esc(e.label)}, added by ${e.addedBy ? esc(personLabel(e.addedBy)) : 'an unsigned edit'}${e.addedAt === null ? '' : ` on ${formatDay(e.addedAt)}`}`,
      );
    for (const x of o.outcomes)
      out.push(
        `- ${mark(x.marking)} ${esc(x.kind)}, ${x.date}, ${esc(x.agency)}${x.summary ? `: ${esc(x.summary)}` : ''} (recorded by ${x.addedBy ? esc(personLabel(x.addedBy)) : 'an unsigned edit'})`,
      );
    out.push('');
  }
  out.push('## New connections', '');
  if (b.connections.length === 0) out.push('_No new connection across organizations or reports._');
  for (const c of b.connections) out.push(`- ${mark(c.marking)} ${esc(c.identifier)}: ${c.owners.map(esc).join('; ')}`);
  out.push('', '## New field reports', '');
  if (b.reports.length === 0) out.push('_No field report filed in the period._');
  for (const r of b.reports)
    out.push(
      `- ${mark(r.marking)} ${formatDay(r.at)}, ${esc(personLabel(r.filedBy))}, graded ${r.grading}, ${r.status}: ${esc(r.excerpt)}`,
    );
  out.push('', '## Meeting notes', '');
  if (b.meetings.length === 0) out.push('_No meeting note in the period (or none this audience may read)._');
  for (const m of b.meetings) out.push(`### ${mark(m.marking)} ${m.date} · ${esc(m.title)}`, '', m.markdown.trim(), '');
  out.push('', banner);
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n')}\n`;
}

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();
/** Board text as literal Markdown: every character that could start a link, HTML, emphasis or a table cell is escaped. */
const esc = (s: string) => oneLine(s).replace(/[\\`*_[\]<>#|~&!]/g, '\\$&');

function totalsRows(t: Totals): string[] {
  const drugs = Object.keys(t.kgByDrug).sort();
  return rows(
    ['Measure', 'This period'],
    [
      ...TOTAL_MEASURES.map(([label, value]) => [label, value(t)]),
      ...drugs.map((d) => [`of which ${esc(d)} (kg)`, formatKg(t.kgByDrug[d]!)]),
    ],
  );
}

/** A Markdown table; a pipe not escaped yet (board text is, by esc) is escaped so it cannot add a column. */
function rows(header: string[], body: string[][]): string[] {
  const cell = (s: string) => s.replace(/(?<!\\)\|/g, '\\|');
  return [
    `| ${header.map(cell).join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...body.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ];
}
