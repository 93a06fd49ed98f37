import { accessSync, constants, existsSync, statSync, writeFileSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';

import { addDays, briefingMarkdown, briefingPdf, buildBriefing, dayStart, defaultPeriod } from '../shared/briefing';
import { need, PROFILE, WORKSPACE, withSession } from './commandKit';
import type { CommandSpec, Flags } from './commandKit';
import { Profile } from './Profile';

/** The period the flags name: both days, one (a week from or to it), or neither (the seven days ending today). */
function period(flags: Flags, now: number): { from: string; to: string } {
  const given = (name: 'from' | 'to') => {
    const day = flags[name];
    if (day === undefined) return null;
    if (dayStart(day) === null) throw new Error(`--${name} "${day}" is not a date: write YYYY-MM-DD, e.g. 2026-11-30`);
    return day;
  };
  const from = given('from');
  const to = given('to');
  const p =
    from && to
      ? { from, to }
      : from
        ? { from, to: addDays(from, 6) }
        : to
          ? { from: addDays(to, -6), to }
          : defaultPeriod(now);
  if (p.from > p.to)
    throw new Error(`--from ${p.from} is after --to ${p.to}: a period starts on or before the day it ends`);
  return p;
}

/** Where the file goes: a .pdf or .md path in a folder that exists and may be written, not a folder itself. */
function outPath(value: string): { path: string; kind: 'pdf' | 'md' } {
  const path = resolve(value);
  const ext = extname(path).toLowerCase();
  if (ext !== '.pdf' && ext !== '.md') throw new Error(`--out must end in .pdf or .md, got "${value}"`);
  const folder = dirname(path);
  const writable = (p: string) => {
    try {
      accessSync(p, constants.W_OK);
      return true;
    } catch {
      return false;
    }
  };
  if (!existsSync(folder) || !statSync(folder).isDirectory())
    throw new Error(`--out "${value}": the folder ${folder} does not exist`);
  if (existsSync(path) && (statSync(path).isDirectory() || !writable(path)))
    throw new Error(`--out "${value}" cannot be written (it is a folder or read-only)`);
  if (!writable(folder)) throw new Error(`--out "${value}": the folder ${folder} cannot be written`);
  return { path, kind: ext === '.pdf' ? 'pdf' : 'md' };
}

/**
 * The weekly briefing from scripts (issue 16): made on this machine from what this profile holds,
 * for one compartment (only what all its members may read, under its banner) or for everything.
 * Nothing is written unless the whole briefing was made.
 */
const briefing: CommandSpec = {
  words: 'briefing',
  flags: [
    PROFILE,
    WORKSPACE,
    { name: 'from', value: 'YYYY-MM-DD', about: 'first day of the period (default: six days before --to)' },
    { name: 'to', value: 'YYYY-MM-DD', about: 'last day of the period (default: six days after --from, or today)' },
    {
      name: 'compartment',
      value: 'C',
      about: 'the compartment it is for (from compartment list); without it, everything you hold',
    },
    { name: 'out', value: 'FILE.pdf|FILE.md', required: true, about: 'where to write it: a PDF or Markdown' },
  ],
  prints: '`{"path","pages","organizations","outcomes"}` (pages: 1 for Markdown)',
  async run(flags, ctx) {
    const now = Date.now();
    const { from, to } = period(flags, now);
    const out = outPath(need(flags, 'out'));
    const audience = flags['compartment']?.trim() || null;
    const profile = await Profile.open(need(flags, 'profile'), ctx.passphrase());
    const made = await withSession(profile, need(flags, 'workspace'), async (_s, api) => {
      const b = buildBriefing(api, { from, to, audience }, now);
      const file =
        out.kind === 'pdf' ? await briefingPdf(b) : { bytes: new TextEncoder().encode(briefingMarkdown(b)), pages: 1 };
      return { b, file };
    });
    try {
      writeFileSync(out.path, made.file.bytes);
    } catch (e) {
      throw new Error(`could not write ${out.path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, {
        cause: e,
      });
    }
    const organizations = made.b.organizations.length;
    const outcomes = made.b.organizations.reduce((n, o) => n + o.outcomes.length, 0);
    return { json: { path: out.path, pages: made.file.pages, organizations, outcomes } };
  },
};

export const briefingCommands: readonly CommandSpec[] = [briefing];
