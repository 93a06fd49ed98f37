import { need, PROFILE, WORKSPACE, withSession } from './commandKit';
import type { CommandSpec, FlagSpec, Flags } from './commandKit';
import { Profile } from './Profile';

/** Compartments from scripts (ADR 0012 §8): create, add, remove (which rotates), list. */
const COMPARTMENT: FlagSpec = {
  name: 'compartment',
  value: 'ID',
  required: true,
  about: 'the compartment id (from compartment create or list)',
};
const MEMBER: FlagSpec = { name: 'member', value: 'ID', required: true, about: 'the member id (from member list)' };

const ids = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);

const compartmentCreate: CommandSpec = {
  words: 'compartment create',
  flags: [
    PROFILE,
    WORKSPACE,
    {
      name: 'title',
      value: 'TITLE',
      required: true,
      about: "the compartment's title (sealed: the relay never sees it)",
    },
    { name: 'marking', value: 'MARKING', about: 'its marking, TLP 2.0 and the audience (a default from the kind)' },
    { name: 'members', value: 'ID,ID…', default: '', about: 'partners (releasable) or core members (restricted)' },
    { name: 'restricted', value: '', about: 'only the listed members and you, instead of the core and the partners' },
  ],
  prints: '`{"compartmentId"}`',
  async run(flags, ctx) {
    const profile = await Profile.open(need(flags, 'profile'), ctx.passphrase());
    const compartmentId = await withSession(profile, need(flags, 'workspace'), (_s, api) =>
      api.createCompartment({
        kind: flags['restricted'] === 'yes' ? 'restricted' : 'releasable',
        title: need(flags, 'title'),
        ...(flags['marking'] ? { marking: flags['marking'] } : {}),
        members: ids(flags['members']),
      }),
    );
    return { json: { compartmentId } };
  },
};

/** `add` or `remove` one member, then the compartment as it stands: its members and epoch. */
const change = (words: string, about: string, act: 'add' | 'remove'): CommandSpec => ({
  words,
  flags: [PROFILE, WORKSPACE, COMPARTMENT, MEMBER],
  prints: `\`{"compartmentId","members","epoch"}\` (${about})`,
  async run(flags: Flags, ctx) {
    const profile = await Profile.open(need(flags, 'profile'), ctx.passphrase());
    const compartmentId = need(flags, 'compartment');
    const memberId = need(flags, 'member');
    return withSession(profile, need(flags, 'workspace'), (_s, api) => {
      if (act === 'add') api.addToCompartment(compartmentId, memberId);
      else api.removeFromCompartment(compartmentId, memberId);
      const c = api.roster.compartments.get(compartmentId)!;
      const listed = api.compartments().find((v) => v.compartmentId === compartmentId);
      return { json: { compartmentId, members: listed?.members ?? [], epoch: c.epoch } };
    });
  },
});

const compartmentList: CommandSpec = {
  words: 'compartment list',
  flags: [PROFILE, WORKSPACE],
  prints: '`[{"compartmentId","title","marking","members","kind"}]` (those this profile is in)',
  async run(flags, ctx) {
    const profile = await Profile.open(need(flags, 'profile'), ctx.passphrase());
    const list = await withSession(profile, need(flags, 'workspace'), (_s, api) => api.compartments());
    return {
      json: list.map(({ compartmentId, title, marking, members, kind }) => ({
        compartmentId,
        title,
        marking,
        members,
        kind,
      })),
    };
  },
};

export const compartmentCommands: readonly CommandSpec[] = [
  compartmentCreate,
  change('compartment add', 'with every key of it you hold', 'add'),
  change('compartment remove', 'and its key rotated', 'remove'),
  compartmentList,
];
