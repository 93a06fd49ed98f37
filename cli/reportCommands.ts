import { identifierKey } from '../shared/identifiers';
import type { Identifier, IdentifierKind } from '../shared/identifiers';
import { CREDIBILITY, RELIABILITY } from '../shared/reports';
import type { Connection, Credibility, Reliability, ReportMatch, TriageAction } from '../shared/reports';
import type { WorkspaceApi } from '../shared/workspace';
import { need, PROFILE, WORKSPACE, withSession } from './commandKit';
import type { CommandContext, CommandSpec, FlagSpec, Flags, Output } from './commandKit';
import { Profile } from './Profile';

/**
 * Field reports from scripts (issue 15): file one, list them with their matches, triage one, and
 * the identifiers two or more organizations or reports share. Everything is computed on this
 * machine over what this profile holds: a partner's answers never name a fact it cannot see.
 */

/** Each identifier flag, what it takes and how the usage text shows it. */
const IDENTIFIER_FLAGS: ReadonlyArray<{ kind: IdentifierKind; value: string; about: string }> = [
  { kind: 'phone', value: 'PHONE', about: 'a phone number, in any common US or Mexican format' },
  { kind: 'plate', value: 'STATE:CHARS', about: 'a vehicle plate with its state, e.g. TX:ABC-1234' },
  { kind: 'name', value: 'NAME', about: "a person's name or alias" },
  { kind: 'place', value: 'PLACE', about: 'an address or place' },
  { kind: 'route', value: 'ROUTE', about: 'a route or crossing point' },
];

/** The values a repeatable flag got, one per use (commandLine keeps them one per line). */
const each = (flags: Flags, name: string): string[] => (flags[name] === undefined ? [] : flags[name].split('\n'));

/** Every identifier the flags name, checked one by one: one sentence for the first that cannot be compared. */
function identifiersOf(flags: Flags): Identifier[] {
  const out: Identifier[] = [];
  for (const { kind } of IDENTIFIER_FLAGS) {
    for (const written of each(flags, kind)) {
      const value = written.trim();
      if (value === '') throw new Error(`--${kind} must not be empty`);
      const key = identifierKey(kind, value);
      if (kind === 'plate') plateState(value, key);
      else if (key === null)
        throw new Error(
          kind === 'phone'
            ? `--phone "${value}" is not a phone number (write it as people do, e.g. (956) 555-0198 or +52 868 123 4567)`
            : `--${kind} "${value}" holds nothing to compare (no letters or digits)`,
        );
      out.push({ kind, value });
    }
  }
  return out;
}

/**
 * A plate must name its state (STATE:CHARS): without one it would match the same characters in any
 * state, and the table could not tell two vehicles apart. `key` is its comparable form ('plate:TX:ABC1234').
 */
function plateState(value: string, key: string | null): void {
  const colon = value.indexOf(':');
  const form = 'write STATE:CHARS, the state, a colon, then the plate, e.g. TX:ABC-1234';
  if (colon <= 0 || key === null) throw new Error(`--plate "${value}" needs its state and characters: ${form}`);
  if (key.split(':')[1] === '?')
    throw new Error(`--plate "${value}": "${value.slice(0, colon).trim()}" is not a US or Mexican state; ${form}`);
}

/** `B2` → reliability B, credibility 2 (the Admiralty grading); one sentence for anything else. */
function grading(text: string): { reliability: Reliability; credibility: Credibility } {
  const pair = text.trim().toUpperCase();
  const reliability = RELIABILITY.find((r) => r === pair[0]);
  const credibility = CREDIBILITY.find((c) => c === pair[1]);
  if (pair.length !== 2 || !reliability || !credibility)
    throw new Error(
      `--reliability takes a letter A–F (how reliable the source is) then a digit 1–6 (how credible the information is), e.g. B2; got "${text}"`,
    );
  return { reliability, credibility };
}

/** A match as the CLI prints it: the identifier as this side wrote it, and where else it is. */
const matchJson = (m: ReportMatch) => ({
  identifier: m.identifier.value,
  orgId: m.orgId,
  factId: m.factId,
  ...(m.reportId === null ? {} : { reportId: m.reportId }),
});

const connectionJson = (c: Connection) => ({
  identifier: c.identifier,
  kind: c.kind,
  facts: c.facts.map((f) => ({
    orgId: f.orgId,
    factId: f.factId,
    ...(f.reportId === null ? {} : { reportId: f.reportId }),
  })),
});

/** Opens the profile and workspace the flags name, and prints what `use` makes of the session's API. */
async function inSession(flags: Flags, ctx: CommandContext, use: (api: WorkspaceApi) => unknown): Promise<Output> {
  const profile = await Profile.open(need(flags, 'profile'), ctx.passphrase());
  return { json: await withSession(profile, need(flags, 'workspace'), (_s, api) => use(api)) };
}

const reportAdd: CommandSpec = {
  words: 'report add',
  flags: [
    PROFILE,
    WORKSPACE,
    { name: 'text', value: 'TEXT', required: true, about: 'what was found' },
    ...IDENTIFIER_FLAGS.map((f): FlagSpec => ({
      name: f.kind,
      value: f.value,
      about: `${f.about} (repeatable)`,
      repeatable: true,
    })),
    { name: 'where', value: 'WHERE', default: '', about: 'where it was found' },
    { name: 'when', value: 'WHEN', default: '', about: 'when: YYYY-MM-DD or YYYY-MM-DDTHH:MM' },
    {
      name: 'reliability',
      value: 'B2',
      default: 'F6',
      about: 'source reliability A–F then information credibility 1–6 (the Admiralty grading)',
    },
    {
      name: 'compartment',
      value: 'ID',
      about: 'the compartment it is released to (the core for a core member, else your first compartment)',
    },
  ],
  prints: '`{"reportId","compartmentId","matches":[{"identifier","orgId","factId"}]}`',
  async run(flags, ctx) {
    // Everything is checked before the profile opens: a refused report writes nothing.
    const input = {
      text: need(flags, 'text'),
      identifiers: identifiersOf(flags),
      where: flags['where'] ?? '',
      when: flags['when'] ?? '',
      ...grading(flags['reliability'] ?? 'F6'),
      ...(flags['compartment'] ? { compartmentId: flags['compartment'] } : {}),
    };
    return inSession(flags, ctx, (api) => {
      const { reportId, compartmentId, matches } = api.reports.add(input);
      return { reportId, compartmentId, matches: matches.map(matchJson) };
    });
  },
};

const reportList: CommandSpec = {
  words: 'report list',
  flags: [PROFILE, WORKSPACE],
  prints:
    '`[{"id","compartmentId","marking","by","reporter":{"name","agency"},"at","text","identifiers","where","when","reliability","credibility","steps","status","matches"}]` (newest first)',
  async run(flags, ctx) {
    return inSession(flags, ctx, (api) => {
      const profiles = api.profiles();
      return api.reports.list().map((r) => {
        const signed = profiles.get(r.by);
        return {
          ...r,
          // Who and from which agency: the reporter's signed profile, never a field of the report.
          reporter: signed ? { name: signed.name, agency: signed.agency } : null,
          matches: api.reports.matches(r.id).map(matchJson),
        };
      });
    });
  },
};

const ACTIONS = ['link', 'duplicate-of', 'dismiss'] as const;

const reportTriage: CommandSpec = {
  words: 'report triage',
  flags: [
    PROFILE,
    WORKSPACE,
    { name: 'report', value: 'R', required: true, about: 'the report id (from report list)' },
    {
      name: 'link',
      value: 'ORG_ID',
      about: "link it to an organization: its identifiers join the organization's network",
    },
    { name: 'duplicate-of', value: 'R2', about: 'mark it as a duplicate of another report' },
    { name: 'dismiss', value: 'REASON', about: 'dismiss it, saying why' },
  ],
  prints:
    '`{"recordId","step","by","at",…}` (the signed step; one of `--link`, `--duplicate-of`, `--dismiss`; a refusal is one line, exit 1)',
  async run(flags, ctx) {
    const given = ACTIONS.filter((a) => flags[a] !== undefined);
    if (given.length !== 1)
      throw new Error(
        `give exactly one of --link ORG_ID, --duplicate-of R2 or --dismiss REASON${given.length > 1 ? ` (got ${given.map((a) => `--${a}`).join(' and ')})` : ''}`,
      );
    const action: TriageAction =
      given[0] === 'link'
        ? { link: flags['link']! }
        : given[0] === 'duplicate-of'
          ? { duplicateOf: flags['duplicate-of']! }
          : { dismiss: flags['dismiss']! };
    const reportId = need(flags, 'report');
    return inSession(flags, ctx, (api) => api.reports.triage(reportId, action));
  },
};

const connections: CommandSpec = {
  words: 'connections',
  flags: [PROFILE, WORKSPACE],
  prints:
    '`[{"identifier","kind","facts":[{"orgId","factId"}]}]` (identifiers two or more organizations or reports share; a report\'s fact has `"orgId":null` and its `"reportId"`)',
  async run(flags, ctx) {
    return inSession(flags, ctx, (api) => api.reports.connections().map(connectionJson));
  },
};

export const reportCommands: readonly CommandSpec[] = [reportAdd, reportList, reportTriage, connections];
