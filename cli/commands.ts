import * as Y from 'yjs';

import { fingerprint } from '../shared/crypto';
import { canonicalJson, documentJson, organizationFact } from '../shared/model';
import { ensureOrganizationNote, findNote, noteDocId, organizationNoteId } from '../shared/notes';
import {
  changeRole,
  confirmJoin,
  createWorkspaceTransport,
  inviteStatus,
  removeMember,
  revokeInvite,
  ROLES,
} from '../shared/membership';
import { encodeInviteToken, parseInviteToken, WORKSPACE_DOC_ID } from '../shared/protocol';
import { joinByToken } from '../shared/sync';
import { HeadlessNote } from '../shared/notes';
import type { Role } from '../shared/membership';
import { checkFlags } from './commandLine';
import { need, PROFILE, seconds, TIMEOUT, WORKSPACE, withSession } from './commandKit';
import type { Command, CommandSpec, FlagSpec } from './commandKit';
import { Profile } from './Profile';
import { nodePlatform } from './nodePlatform';
import { briefingCommands } from './briefingCommands';
import { bundleCommands } from './bundleCommands';
import { compartmentCommands } from './compartmentCommands';
import { demoCommands } from './demoCommands';
import { factCommands } from './factCommands';
import { reportCommands } from './reportCommands';
import { roundCommands } from './roundCommands';

const HOUR = 60 * 60 * 1000;

const INVITE: FlagSpec = { name: 'invite', value: 'ID', required: true, about: 'the invite id (from invite list)' };
const MEMBER: FlagSpec = { name: 'member', value: 'ID', required: true, about: 'the member id (from member list)' };
const ORG: FlagSpec = { name: 'org', value: 'ORG_ID', required: true, about: 'the organization id (from org list)' };

function relayUrl(value: string): string {
  if (!/^wss?:\/\/[^\s/]+/.test(value)) throw new Error(`--relay must be a ws:// or wss:// address, got "${value}"`);
  return value.replace(/\/+$/, '');
}

/** My name and agency from my vault, clipped to a signed profile's limits (so an old long name cannot block a join). */
const ownProfile = (profile: Profile) => ({ name: profile.name.slice(0, 80), agency: profile.agency.slice(0, 80) });

const init: CommandSpec = {
  words: 'init',
  flags: [
    PROFILE,
    { name: 'name', value: 'NAME', required: true, about: 'your name, as the other members will see it' },
    { name: 'agency', value: 'AGENCY', required: true, about: 'your agency, as the other members will see it' },
  ],
  prints: '`{"memberId","fingerprint"}`',
  async run(flags, ctx) {
    const profile = await Profile.create(need(flags, 'profile'), ctx.passphrase(), {
      name: need(flags, 'name'),
      agency: need(flags, 'agency'),
    });
    return { json: { memberId: profile.memberId, fingerprint: profile.fingerprint } };
  },
};

const workspaceCreate: CommandSpec = {
  words: 'workspace create',
  flags: [
    PROFILE,
    { name: 'title', value: 'TITLE', required: true, about: "the workspace's title" },
    { name: 'relay', value: 'URL', required: true, about: 'the relay it syncs through (ws:// or wss://)' },
  ],
  prints: '`{"workspaceId"}`',
  async run(flags, ctx) {
    const profile = await Profile.open(need(flags, 'profile'), ctx.passphrase());
    const title = need(flags, 'title').trim();
    const relay = relayUrl(need(flags, 'relay'));
    const transport = new Y.Doc();
    const workspaceId = createWorkspaceTransport(transport, profile.identity, Date.now());
    await profile.addWorkspace(workspaceId, { title, relayUrl: relay });
    // The genesis and key entries made above go into the local copy with everything else; the core room opens on them.
    await withSession(profile, workspaceId, (_s, api) => api.name(title, ownProfile(profile)), { transport });
    return { json: { workspaceId } };
  },
};

const workspaceList: CommandSpec = {
  words: 'workspace list',
  flags: [PROFILE],
  prints: '`[{"workspaceId","title","relayUrl"}]`',
  async run(flags, ctx) {
    const profile = await Profile.open(need(flags, 'profile'), ctx.passphrase());
    return {
      json: Object.entries(profile.workspaces).map(([workspaceId, w]) => ({ workspaceId, ...w })),
    };
  },
};

const inviteCreate: CommandSpec = {
  words: 'invite create',
  flags: [
    PROFILE,
    WORKSPACE,
    { name: 'role', value: 'ROLE', required: true, about: `the role it gives: ${ROLES.join(', ')}` },
    { name: 'expires-hours', value: 'N', default: '72', about: 'hours until it expires, at most 720' },
    { name: 'compartment', value: 'C[,C…]', about: 'compartments its use enters (one at least for a partner)' },
  ],
  prints: 'the invite token, one line (`UT1-…`)',
  async run(flags, ctx) {
    const profile = await Profile.open(need(flags, 'profile'), ctx.passphrase());
    const workspaceId = need(flags, 'workspace');
    const role = need(flags, 'role') as Role;
    if (!ROLES.includes(role)) throw new Error(`--role must be one of ${ROLES.join(', ')}`);
    const hours = Number(flags['expires-hours']);
    if (!Number.isFinite(hours) || hours <= 0 || hours > 30 * 24) throw new Error('--expires-hours must be 1–720');
    const relay = profile.workspace(workspaceId).relayUrl;
    const compartments = (flags['compartment'] ?? '')
      .split(',')
      .map((c) => c.trim())
      .filter(Boolean);
    const seed = await withSession(profile, workspaceId, (_s, api) => api.invite(role, hours * HOUR, compartments));
    return { line: encodeInviteToken({ workspaceId, relayUrl: relay, seed }) };
  },
};

/** Every invite with its state (open, pending, used, contested, expired, revoked): what admins review. */
const inviteList: CommandSpec = {
  words: 'invite list',
  flags: [PROFILE, WORKSPACE],
  prints: '`[{"inviteId","role","createdBy","expiresAt","state","usedBy","claims"}]`',
  async run(flags, ctx) {
    const profile = await Profile.open(need(flags, 'profile'), ctx.passphrase());
    const workspaceId = need(flags, 'workspace');
    const now = Date.now();
    return {
      json: await withSession(profile, workspaceId, (s) =>
        inviteStatus(s.workspace.roster, now).map((i) => ({ ...i, expiresAt: new Date(i.expiresAt).toISOString() })),
      ),
    };
  },
};

const inviteRevoke: CommandSpec = {
  words: 'invite revoke',
  flags: [PROFILE, WORKSPACE, INVITE],
  prints: '`{"inviteId","revoked":true}`',
  async run(flags, ctx) {
    const profile = await Profile.open(need(flags, 'profile'), ctx.passphrase());
    const workspaceId = need(flags, 'workspace');
    const inviteId = need(flags, 'invite');
    await withSession(profile, workspaceId, (s) =>
      revokeInvite(s.transport, workspaceId, profile.identity, inviteId, Date.now()),
    );
    return { json: { inviteId, revoked: true } };
  },
};

/** For a contested invite (two joins): the admin says which member it was for. */
const inviteConfirm: CommandSpec = {
  words: 'invite confirm',
  flags: [PROFILE, WORKSPACE, INVITE, MEMBER],
  prints: '`{"inviteId","memberId","confirmed":true}` (a contested invite\'s one use)',
  async run(flags, ctx) {
    const profile = await Profile.open(need(flags, 'profile'), ctx.passphrase());
    const workspaceId = need(flags, 'workspace');
    const inviteId = need(flags, 'invite');
    const memberId = need(flags, 'member');
    await withSession(profile, workspaceId, (s) =>
      confirmJoin(s.transport, workspaceId, profile.identity, inviteId, memberId, Date.now()),
    );
    return { json: { inviteId, memberId, confirmed: true } };
  },
};

const join: CommandSpec = {
  words: 'join',
  flags: [
    PROFILE,
    { name: 'invite', value: 'TOKEN', required: true, about: 'the invite token an admin gave you (`UT1-…`)' },
    TIMEOUT,
  ],
  prints: '`{"workspaceId"}`',
  async run(flags, ctx) {
    const profile = await Profile.open(need(flags, 'profile'), ctx.passphrase());
    const token = parseInviteToken(need(flags, 'invite'));
    const timeout = seconds(flags, 'timeout');
    const { workspaceId, relayUrl: relay } = token;
    if (profile.workspaces[workspaceId]) throw new Error('this profile is already a member of that workspace');
    const transport = await joinByToken(token, profile.identity, nodePlatform, timeout);
    await withSession(
      profile,
      workspaceId,
      async (session, api) => {
        // Signed into every room this member holds: a partner's agency shows where it writes.
        api.signProfile(ownProfile(profile));
        await profile.addWorkspace(workspaceId, { title: api.title(), relayUrl: relay });
        await session.sync(timeout);
        if (api.title()) await profile.addWorkspace(workspaceId, { title: api.title(), relayUrl: relay });
      },
      { transport, relayUrl: relay },
    );
    return { json: { workspaceId } };
  },
};

const orgAdd: CommandSpec = {
  words: 'org add',
  flags: [
    PROFILE,
    WORKSPACE,
    { name: 'name', value: 'NAME', required: true, about: "the organization's name" },
    { name: 'lane', value: 'LANE', about: 'its lane on the board (the first lane if not given)' },
    {
      name: 'compartment',
      value: 'ID',
      about: 'the compartment it is added in (the core for a core member, else your first compartment)',
    },
  ],
  prints: '`{"orgId","compartmentId"}`',
  async run(flags, ctx) {
    const profile = await Profile.open(need(flags, 'profile'), ctx.passphrase());
    const workspaceId = need(flags, 'workspace');
    return {
      json: await withSession(profile, workspaceId, (_s, api) => {
        const orgId = api.board.addOrganization({
          name: need(flags, 'name'),
          ...(flags['lane'] ? { lane: flags['lane'] } : {}),
          ...(flags['compartment'] ? { compartmentId: flags['compartment'] } : {}),
        });
        return { orgId, compartmentId: api.board.card(orgId)?.compartmentId ?? null };
      }),
    };
  },
};

/** Fields the board derives for display, left out of what commands print. */
const DERIVED = ['shownLane', 'networkCount', 'outcomeCount', 'searchText'];
const printable = <T extends object>(fact: T): Partial<T> =>
  Object.fromEntries(Object.entries(fact).filter(([k]) => !DERIVED.includes(k))) as Partial<T>;

const orgList: CommandSpec = {
  words: 'org list',
  flags: [PROFILE, WORKSPACE],
  prints: '`[{"id","name","lane",…every field,"compartmentId","marking"}]` (only what this profile holds)',
  async run(flags, ctx) {
    const profile = await Profile.open(need(flags, 'profile'), ctx.passphrase());
    const workspaceId = need(flags, 'workspace');
    return {
      json: await withSession(profile, workspaceId, (_s, api) =>
        api.board.read().flatMap((lane) => lane.cards.map(printable)),
      ),
    };
  },
};

/** Moves a fact to another compartment (ADR 0012 §6): releasing it wider, or narrowing it. */
const release: CommandSpec = {
  words: 'release',
  flags: [
    PROFILE,
    WORKSPACE,
    { name: 'fact', value: 'FACT_ID', required: true, about: 'the organization, entry, link or outcome to move' },
    { name: 'compartment', value: 'ID', required: true, about: 'the compartment it moves to (wider or narrower)' },
  ],
  prints: '`{"factId","compartmentId"}` (what must go with it moves too; a refusal is one line, exit 1)',
  async run(flags, ctx) {
    const profile = await Profile.open(need(flags, 'profile'), ctx.passphrase());
    const factId = need(flags, 'fact');
    const compartmentId = need(flags, 'compartment');
    await withSession(profile, need(flags, 'workspace'), (_s, api) => {
      const map = api.board.mapOf(factId);
      if (!map)
        throw new Error(
          `no fact ${factId} here: it may have been removed, or it lives in a compartment you do not hold`,
        );
      api.board.release(map, factId, compartmentId);
    });
    return { json: { factId, compartmentId } };
  },
};

/** Appends a paragraph to an organization's note, through a headless Lexical editor on its document. */
const noteAppend: CommandSpec = {
  words: 'note append',
  flags: [PROFILE, WORKSPACE, ORG, { name: 'text', value: 'TEXT', required: true, about: 'the paragraph to add' }],
  prints: '`{"noteId","org"}` (a paragraph at the end of the organization\'s note)',
  async run(flags, ctx) {
    const profile = await Profile.open(need(flags, 'profile'), ctx.passphrase());
    const workspaceId = need(flags, 'workspace');
    const org = need(flags, 'org');
    const text = need(flags, 'text');
    const noteId = await withSession(profile, workspaceId, (s) => {
      const id = ensureOrganizationNote(s.workspace.document(WORKSPACE_DOC_ID), org);
      const note = new HeadlessNote(s.workspace.document(noteDocId(id)), s.workspace.mirrorClientId(noteDocId(id)));
      try {
        note.appendParagraph(text);
      } finally {
        note.destroy();
      }
      return id;
    });
    return { json: { noteId, org } };
  },
};

/** An organization's note as plain text (or Markdown with --format markdown), as the app shows it. */
const noteShow: CommandSpec = {
  words: 'note show',
  flags: [
    PROFILE,
    WORKSPACE,
    ORG,
    { name: 'format', value: 'text|markdown', default: 'text', about: 'plain text, or Markdown' },
  ],
  prints: '`{"noteId","org","text"}` (or `"markdown"`)',
  async run(flags, ctx) {
    const profile = await Profile.open(need(flags, 'profile'), ctx.passphrase());
    const workspaceId = need(flags, 'workspace');
    const org = need(flags, 'org');
    const format = flags['format'];
    if (format !== 'text' && format !== 'markdown') throw new Error('--format must be text or markdown');
    return {
      json: await withSession(profile, workspaceId, (s) => {
        const doc = s.workspace.document(WORKSPACE_DOC_ID);
        organizationFact(doc, org);
        const noteId = organizationNoteId(org);
        if (!findNote(doc, noteId)) return { noteId: null, org, [format]: '' };
        const note = new HeadlessNote(
          s.workspace.document(noteDocId(noteId)),
          s.workspace.mirrorClientId(noteDocId(noteId)),
        );
        try {
          return { noteId, org, [format]: format === 'text' ? note.text() : note.markdown() };
        } finally {
          note.destroy();
        }
      }),
    };
  },
};

const sync: CommandSpec = {
  words: 'sync',
  flags: [
    PROFILE,
    WORKSPACE,
    TIMEOUT,
    {
      name: 'relay',
      value: 'URL',
      about: "another relay for this run (an office's); one that never saw the workspace takes it from a member",
    },
  ],
  prints:
    '`{"workspaceId","relay","upToDate","waitingForKey","compartments":[{"compartmentId","upToDate","waitingForKey"}],"rejected","warnings","restored"}`',
  async run(flags, ctx) {
    const profile = await Profile.open(need(flags, 'profile'), ctx.passphrase());
    const workspaceId = need(flags, 'workspace');
    const timeout = seconds(flags, 'timeout');
    // The profile's relay stays what it was: --relay is this run's only (ADR 0014).
    const own = profile.workspace(workspaceId).relayUrl;
    const relay = flags['relay'] === undefined ? own : relayUrl(flags['relay']);
    return {
      json: await withSession(
        profile,
        workspaceId,
        async (s, api) => {
          // A profile from before profiles were signed is not shown: sign mine (nothing is written if it stands).
          if (s.workspace.roster.members.has(profile.memberId) && s.workspace.rooms().size > 0)
            api.signProfile(ownProfile(profile));
          // The directory first, then every room it puts this member in (rooms it opens as it syncs too).
          let compartments = await s.sync(timeout);
          const unsynced = () =>
            [...s.workspace.rooms().keys()].some((c) => !compartments.some((r) => r.compartmentId === c));
          if (unsynced()) compartments = await s.sync(timeout);
          const waiting = s.workspace.waitingForKey();
          return {
            workspaceId,
            relay,
            upToDate: compartments.every((c) => c.upToDate),
            compartments,
            // Edits kept on this machine until an admin wraps the current epoch's key for this member.
            waitingForKey: waiting && { ...waiting, kept: s.workspace.waiting() },
            rejected: s.reports.filter((r) => r.level === 'error'),
            warnings: [...s.reports.filter((r) => r.level === 'warning'), ...s.workspace.gaps()],
            /** Signed records (profiles, rounds, ballots, closes) someone deleted or altered, put back and sent. */
            restored: s.restored,
          };
        },
        { relayUrl: relay },
      ),
    };
  },
};

const exportWorkspace: CommandSpec = {
  words: 'export',
  flags: [PROFILE, WORKSPACE],
  prints: 'the decrypted workspace as canonical JSON',
  async run(flags, ctx) {
    const profile = await Profile.open(need(flags, 'profile'), ctx.passphrase());
    const workspaceId = need(flags, 'workspace');
    const text = await withSession(profile, workspaceId, (s, api) => {
      // What this profile holds, room by room, and each shown fact with its compartment and marking.
      const rooms: Record<string, unknown> = {};
      for (const [c, room] of s.workspace.rooms()) {
        const documents: Record<string, unknown> = {};
        for (const id of room.documentIds()) documents[id] = documentJson(room.document(id));
        rooms[c] = { marking: api.board.marking(c), documents };
      }
      return canonicalJson({ workspaceId, facts: api.board.shownFacts().map(printable), rooms });
    });
    return { line: text };
  },
};

const memberList: CommandSpec = {
  words: 'member list',
  flags: [PROFILE, WORKSPACE],
  prints: '`[{"memberId","name","agency","role","fingerprint","verified","you"}]`',
  async run(flags, ctx) {
    const profile = await Profile.open(need(flags, 'profile'), ctx.passphrase());
    const workspaceId = need(flags, 'workspace');
    const verified = profile.workspace(workspaceId).verified ?? {};
    return {
      json: await withSession(profile, workspaceId, (s, api) => {
        const profiles = api.profiles();
        return [...s.workspace.roster.members.values()].map((m) => {
          const shown = fingerprint(m);
          const p = profiles.get(m.memberId);
          return {
            memberId: m.memberId,
            name: p?.name ?? null,
            agency: p?.agency ?? null,
            role: m.role,
            fingerprint: shown,
            verified: m.memberId === profile.memberId || verified[m.memberId] === shown,
            you: m.memberId === profile.memberId,
          };
        });
      }),
    };
  },
};

const memberVerify: CommandSpec = {
  words: 'member verify',
  flags: [
    PROFILE,
    WORKSPACE,
    MEMBER,
    { name: 'fingerprint', value: '"12345 …"', required: true, about: 'the fingerprint the member read to you' },
  ],
  prints: '`{"memberId","verified":true}`',
  async run(flags, ctx) {
    const profile = await Profile.open(need(flags, 'profile'), ctx.passphrase());
    const workspaceId = need(flags, 'workspace');
    const memberId = need(flags, 'member');
    const heard = need(flags, 'fingerprint').replace(/\s+/g, ' ').trim();
    const shown = await withSession(profile, workspaceId, (s) => {
      const m = s.workspace.roster.members.get(memberId);
      if (!m) throw new Error('no such member in this workspace');
      return fingerprint(m);
    });
    if (heard !== shown) throw new Error("the fingerprints differ: do not trust this member's keys until you know why");
    const record = profile.workspace(workspaceId);
    await profile.addWorkspace(workspaceId, { ...record, verified: { ...record.verified, [memberId]: shown } });
    return { json: { memberId, verified: true } };
  },
};

const memberRemove: CommandSpec = {
  words: 'member remove',
  flags: [
    PROFILE,
    WORKSPACE,
    MEMBER,
    // Yes unless told no: the removed member may hold a spare invite's token (F7).
    { name: 'revoke-invites', value: 'yes|no', default: 'yes', about: 'also revoke every invite nobody used yet' },
  ],
  prints: '`{"memberId","removed":true,"epoch","invitesRevoked"}`',
  async run(flags, ctx) {
    const profile = await Profile.open(need(flags, 'profile'), ctx.passphrase());
    const workspaceId = need(flags, 'workspace');
    const memberId = need(flags, 'member');
    const revoke = flags['revoke-invites'];
    if (revoke !== 'yes' && revoke !== 'no') throw new Error('--revoke-invites must be yes or no');
    const epoch = await withSession(profile, workspaceId, (s) =>
      removeMember(s.transport, workspaceId, profile.identity, memberId, Date.now(), {
        revokeOpenInvites: revoke === 'yes',
      }),
    );
    return { json: { memberId, removed: true, epoch, invitesRevoked: revoke === 'yes' } };
  },
};

const memberRole: CommandSpec = {
  words: 'member role',
  flags: [
    PROFILE,
    WORKSPACE,
    MEMBER,
    { name: 'role', value: 'ROLE', required: true, about: `the new role: ${ROLES.join(', ')}` },
  ],
  prints: '`{"memberId","role"}`',
  async run(flags, ctx) {
    const profile = await Profile.open(need(flags, 'profile'), ctx.passphrase());
    const workspaceId = need(flags, 'workspace');
    const memberId = need(flags, 'member');
    const role = need(flags, 'role') as Role;
    if (!ROLES.includes(role)) throw new Error(`--role must be one of ${ROLES.join(', ')}`);
    await withSession(profile, workspaceId, (s) =>
      changeRole(s.transport, workspaceId, profile.identity, memberId, role, Date.now()),
    );
    return { json: { memberId, role } };
  },
};

const workspaceLeave: CommandSpec = {
  words: 'workspace leave',
  flags: [PROFILE, WORKSPACE],
  prints: '`{"workspaceId","left":true}`',
  async run(flags, ctx) {
    const profile = await Profile.open(need(flags, 'profile'), ctx.passphrase());
    const workspaceId = need(flags, 'workspace');
    await profile.removeWorkspace(workspaceId);
    return { json: { workspaceId, left: true } };
  },
};

/** Every command, in the order the usage text and the README list them. */
export const registry: readonly CommandSpec[] = [
  init,
  workspaceCreate,
  workspaceList,
  inviteCreate,
  inviteList,
  inviteRevoke,
  inviteConfirm,
  join,
  orgAdd,
  orgList,
  release,
  ...factCommands,
  ...reportCommands,
  noteAppend,
  noteShow,
  ...roundCommands,
  ...briefingCommands,
  sync,
  exportWorkspace,
  memberList,
  memberVerify,
  memberRole,
  memberRemove,
  ...compartmentCommands,
  ...bundleCommands,
  ...demoCommands,
  workspaceLeave,
];

/** Each command by its words, its flags checked (and defaults filled in) before it runs. */
export const commands: Record<string, Command> = Object.fromEntries(
  registry.map((spec) => [spec.words, async (flags, ctx) => spec.run(checkFlags(spec, flags), ctx)]),
);
