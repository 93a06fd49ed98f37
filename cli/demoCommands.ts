import * as Y from 'yjs';

import { buildDemoTable, DEMO_TABLE_SEED } from '../shared/demotable';
import { need, PROFILE, seconds, TIMEOUT, withSession } from './commandKit';
import type { CommandSpec } from './commandKit';
import { Profile } from './Profile';

/** The demo's title, as the app names it. */
const DEMO_TITLE = 'Demo table (fictional data)';
/** Where the demo syncs when no relay is named: the relay a training laptop hosts (the app's demo relay). */
const LOCAL_RELAY = 'ws://127.0.0.1:4444';

/**
 * The app's demo, for training (issue 16): a fictional task force's year, built here with this
 * profile as its admin (shared/demotable). With --relay it is uploaded there before the command
 * returns, so trainees can be invited to it at once.
 */
const demo: CommandSpec = {
  words: 'demo',
  flags: [
    PROFILE,
    { name: 'relay', value: 'URL', about: 'upload it to this relay (ws:// or wss://) and wait until it holds it all' },
    TIMEOUT,
  ],
  prints: '`{"workspaceId","members","organizations","outcomes","reports","rounds"}`',
  async run(flags, ctx) {
    const profile = await Profile.open(need(flags, 'profile'), ctx.passphrase());
    const relay = flags['relay'];
    if (relay !== undefined && !/^wss?:\/\/[^\s/]+/.test(relay))
      throw new Error(`--relay must be a ws:// or wss:// address, got "${relay}"`);
    const relayUrl = relay === undefined ? LOCAL_RELAY : relay.replace(/\/+$/, '');
    const timeout = seconds(flags, 'timeout');
    const { summary, directory, rooms } = buildDemoTable(
      {
        identity: profile.identity,
        profile: { name: profile.name.slice(0, 80), agency: profile.agency.slice(0, 80) },
        title: DEMO_TITLE,
      },
      { seed: DEMO_TABLE_SEED, now: Date.now() },
    );
    const { workspaceId } = summary;
    await profile.addWorkspace(workspaceId, { title: DEMO_TITLE, relayUrl });
    await withSession(
      profile,
      workspaceId,
      async (s) => {
        // Each room opened on the roster the directory holds; its state arrives as from a relay.
        for (const [c, room] of s.workspace.rooms()) {
          const state = rooms.get(c);
          if (state) Y.applyUpdate(room.transport, state, 'demo');
        }
        if (relay === undefined) return;
        // The directory first, then every room (as `sync` does): until the relay holds it all.
        let states = await s.sync(timeout);
        if (!states.every((r) => r.upToDate) || states.length < s.workspace.rooms().size)
          states = await s.sync(timeout);
        if (!states.every((r) => r.upToDate))
          throw new Error(`the relay at ${relayUrl} did not take the whole demo within ${timeout / 1000} s`);
      },
      { transport: directory },
    );
    const { members, organizations, outcomes, reports, rounds } = summary;
    return { json: { workspaceId, members, organizations, outcomes, reports, rounds } };
  },
};

export const demoCommands: readonly CommandSpec[] = [demo];
