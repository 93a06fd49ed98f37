// @vitest-environment happy-dom
// happy-dom, not jsdom: see renderer/board/ReleasabilityControl.test.tsx.
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import { initCrypto } from '../../shared/crypto';
import { bundleTable, settle } from '../../shared/testkit/bundleTable';
import type { TableMember } from '../../shared/testkit/bundleTable';
import { WorkspaceApi } from '../../shared/workspace';
import type { WorkspaceClient } from '../session/WorkspaceClient';
import { RoundCard } from './RoundCard';

await initCrypto();
const opened: TableMember[] = [];
afterEach(async () => {
  cleanup();
  for (const m of opened.splice(0)) await m.ow.close();
});

/**
 * rounds.test.ts's "a close that counted a ballot whose voter had lost the role before it, unknown
 * to the closer": an admin demotes a lead who has voted while the other admin (a key holder) is
 * offline; that admin, still holding the old roster, closes the round and counts the lead's ballot.
 * Each member's API runs on one stepped clock, so the demotion is dated before the close.
 */
async function unseenDemotion() {
  const { members } = await bundleTable(['lead', 'admin', 'observer']);
  opened.push(...members);
  let t = Date.now();
  const clock = () => (t += 1_000);
  const [admin, lead, closer, observer] = members.map((m) => new WorkspaceApi(m.ow.workspace, m.identity, clock)) as [
    WorkspaceApi,
    WorkspaceApi,
    WorkspaceApi,
    WorkspaceApi,
  ];
  const orgs = ['Copper Line', 'Night Ferry'].map((name) => admin.board.addOrganization({ name }));
  await settle(members);
  const roundId = admin.votes.open({
    title: 'Unseen',
    candidates: orgs,
    per: 'lead',
    method: 'schulze',
    closesAt: null,
  });
  await settle(members);
  lead.votes.cast(roundId, [[orgs[1]!], [orgs[0]!]]);
  admin.votes.cast(roundId, [[orgs[0]!], [orgs[1]!]]);
  await settle(members);
  // The closer is offline while the lead is demoted.
  const online = [members[0]!, members[1]!, members[3]!];
  admin.changeRole(members[1]!.ow.workspace.me, 'analyst');
  await settle(online);
  closer.votes.close(roundId);
  await settle(members);
  return { roundId, closer, observer, admin };
}

/** The card of the round as `api`'s member reads it now. */
function card(api: WorkspaceApi, roundId: string) {
  const round = api.votes.rounds().find((r) => r.roundId === roundId)!;
  const client = { api } as unknown as WorkspaceClient;
  return (
    <RoundCard client={client} round={round} canVote={false} nameOf={(m) => m} orgName={(o) => o} now={Date.now()} />
  );
}

const recountButton = () => screen.queryByRole('button', { name: 'Recount from the signed ballots' });

describe('a closed round that does not verify', () => {
  it('says so unasked, and its key holder recounts it from the signed ballots until Verify says "Verified"', async () => {
    const { roundId, closer } = await unseenDemotion();
    expect(closer.votes.priorities().size, 'a round that does not verify sets no top five').toBe(0);
    const { rerender } = render(card(closer, roundId));
    expect(screen.getByRole('status', { name: 'Verification' }).textContent).toMatch(
      /^Does not verify: ballot \S+ is listed but its voter is not a lead or admin \(or was removed\); the published order differs/,
    );
    expect(screen.queryByRole('button', { name: 'Recount with late ballots' })).toBeNull();

    fireEvent.click(recountButton()!);
    expect(screen.getByText(/^Recounted from the signed ballots/).getAttribute('role')).toBe('status');
    rerender(card(closer, roundId)); // as the panel does when the document changes
    expect(recountButton()).toBeNull();
    expect(screen.queryByRole('status', { name: 'Verification' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Verify' }));
    expect(screen.getByRole('status', { name: 'Verification' }).textContent).toBe(
      'Verified: recounting the 1 signed ballots gives the published result.',
    );
    expect(closer.votes.priorities().size).toBe(2);
  });

  it('offers no recount to a member without the round key, and a patched client of one cannot sign it', async () => {
    const { roundId, observer } = await unseenDemotion();
    render(card(observer, roundId));
    expect(screen.getByRole('status', { name: 'Verification' }).textContent).toMatch(/^Does not verify: /);
    expect(recountButton()).toBeNull();
    // A hostile observer skips the button and calls the close path itself: no key, no close.
    expect(() => observer.votes.close(roundId)).toThrow(/only the round’s opener or an admin/);
    expect(observer.votes.verify(roundId).verified).toBe(false);
  });
});
