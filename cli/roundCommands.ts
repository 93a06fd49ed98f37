import {
  castBallot,
  closeRound,
  ELIGIBILITY,
  METHODS,
  openRound,
  orderForJson,
  parseRanking,
  readRounds,
  scanRounds,
  verifyRound,
} from '../shared/voting';
import type { CountingMethod, Eligibility } from '../shared/voting';
import { need, PROFILE, WORKSPACE, withSession } from './commandKit';
import type { CommandSpec, FlagSpec } from './commandKit';
import { Profile } from './Profile';

function oneOf<T extends string>(flags: Record<string, string | undefined>, name: string, allowed: readonly T[]): T {
  const value = flags[name] ?? '';
  if (!(allowed as readonly string[]).includes(value))
    throw new Error(`--${name} must be one of ${allowed.join(', ')}`);
  return value as T;
}

/** Priority rounds from scripts: open, list, vote, close, result (same JSON conventions as the rest). */
const ROUND: FlagSpec = { name: 'round', value: 'ID', required: true, about: 'the round id (from round list)' };

const roundOpen: CommandSpec = {
  words: 'round open',
  flags: [
    PROFILE,
    WORKSPACE,
    { name: 'title', value: 'TITLE', required: true, about: "the round's title" },
    { name: 'candidates', value: 'ORG1,ORG2,…', required: true, about: 'the organization ids to rank' },
    { name: 'per', value: ELIGIBILITY.join('|'), default: 'lead', about: 'one ballot per lead, or per agency' },
    { name: 'method', value: METHODS.join('|'), default: 'schulze', about: 'how the ballots are counted' },
    { name: 'closes', value: 'ISO-TIME', about: 'when voting closes (open until closed if not given)' },
  ],
  prints: '`{"roundId"}`',
  async run(flags, ctx) {
    const profile = await Profile.open(need(flags, 'profile'), ctx.passphrase());
    const candidates = need(flags, 'candidates')
      .split(',')
      .map((c) => c.trim())
      .filter(Boolean);
    const closes = flags['closes'];
    const closesAt = closes === undefined ? null : Date.parse(closes);
    if (closesAt !== null && !Number.isFinite(closesAt)) throw new Error('--closes must be a date and time (ISO 8601)');
    const roundId = await withSession(profile, need(flags, 'workspace'), (_s, api) =>
      openRound(api.votes.context(), profile.identity, {
        title: need(flags, 'title'),
        candidates,
        per: oneOf<Eligibility>(flags, 'per', ELIGIBILITY),
        method: oneOf<CountingMethod>(flags, 'method', METHODS),
        closesAt,
      }),
    );
    return { json: { roundId } };
  },
};

const roundList: CommandSpec = {
  words: 'round list',
  flags: [PROFILE, WORKSPACE],
  prints: '`[{"roundId","title","status","voted","ignored",…}]`, then ignored records',
  async run(flags, ctx) {
    const profile = await Profile.open(need(flags, 'profile'), ctx.passphrase());
    const { rounds, ignored } = await withSession(profile, need(flags, 'workspace'), (_s, api) => ({
      rounds: readRounds(api.votes.context()),
      ignored: scanRounds(api.votes.context()).ignored,
    }));
    // Records that claim a round but are not believed are reported after the rounds, with why.
    return {
      json: [
        ...rounds.map((r) => ({
          roundId: r.roundId,
          title: r.title,
          candidates: r.candidates,
          per: r.per,
          method: r.method,
          closesAt: r.closesAt,
          openedBy: r.openedBy,
          status: r.close ? 'closed' : 'open',
          voted: r.voted,
          ignored: r.ignored,
        })),
        ...ignored.map((i) => ({ ...i, status: 'ignored' })),
      ],
    };
  },
};

const vote: CommandSpec = {
  words: 'vote',
  flags: [
    PROFILE,
    WORKSPACE,
    ROUND,
    {
      name: 'ranking',
      value: 'ORG1,ORG2=ORG3,…',
      required: true,
      about: 'organization ids, best first; `=` ranks two equal',
    },
  ],
  prints: '`{"roundId","ballotId"}` (`=` ranks two equal)',
  async run(flags, ctx) {
    const profile = await Profile.open(need(flags, 'profile'), ctx.passphrase());
    const roundId = need(flags, 'round');
    const ranking = parseRanking(need(flags, 'ranking'));
    const ballotId = await withSession(profile, need(flags, 'workspace'), (_s, api) =>
      castBallot(api.votes.context(), profile.identity, roundId, ranking),
    );
    return { json: { roundId, ballotId } };
  },
};

const roundClose: CommandSpec = {
  words: 'round close',
  flags: [PROFILE, WORKSPACE, ROUND],
  prints: '`{"roundId","closedAt","ballots"}`',
  async run(flags, ctx) {
    const profile = await Profile.open(need(flags, 'profile'), ctx.passphrase());
    const roundId = need(flags, 'round');
    const close = await withSession(profile, need(flags, 'workspace'), (_s, api) =>
      closeRound(api.votes.context(), profile.identity, roundId),
    );
    return { json: { roundId, closedAt: close.closedAt, ballots: close.ballots.length } };
  },
};

const roundResult: CommandSpec = {
  words: 'round result',
  flags: [PROFILE, WORKSPACE, ROUND],
  prints: '`{"roundId","method","order","pairwise","verified",…}`',
  async run(flags, ctx) {
    const profile = await Profile.open(need(flags, 'profile'), ctx.passphrase());
    const roundId = need(flags, 'round');
    const check = await withSession(profile, need(flags, 'workspace'), (_s, api) =>
      verifyRound(api.votes.context(), roundId),
    );
    if (!check.result) throw new Error(check.problems.join('; '));
    return {
      json: {
        roundId,
        method: check.result.method,
        order: orderForJson(check.result.order),
        pairwise: check.result.pairwise,
        tieBreaks: check.result.tieBreaks,
        ballots: check.result.ballots,
        verified: check.verified,
        problems: check.problems,
      },
    };
  },
};

/** Priority rounds from scripts: open, list, vote, close, result (same JSON conventions as the rest). */
export const roundCommands: readonly CommandSpec[] = [roundOpen, roundList, vote, roundClose, roundResult];
