import type * as Y from 'yjs';

import type { Identity } from '../crypto';
import { memberProfile } from '../model';
import type { SecureWorkspace } from '../sync';
import {
  castBallot,
  closeRound,
  currentPriorities,
  openRound,
  readRounds,
  recountKey,
  roundKeyPair,
  scanRounds,
  verifyRound,
} from '../voting';
import type { IgnoredRecord, RoundView, Verification, VotingContext } from '../voting';

export type RoundInput = Parameters<typeof openRound>[2];

/** Priority rounds in an open workspace: open, vote, close and verify, signed as this member. */
export class VotesApi {
  constructor(
    private readonly doc: Y.Doc,
    private readonly workspace: SecureWorkspace,
    private readonly identity: Identity,
    private readonly now: () => number,
    /** Whether an organization is shown to every core member (in the core or a releasable compartment). */
    private readonly sharedWithCore: (orgId: string) => boolean = () => true,
  ) {}

  /** Voting's view of the workspace: its document, roster, and each member's signed agency. */
  context(): VotingContext {
    const roster = this.workspace.roster;
    return {
      doc: this.doc,
      workspaceId: this.workspace.workspaceId,
      roster,
      agencyOf: (m) => memberProfile(this.doc, roster, m)?.agency ?? null,
      onBoard: (orgId) => this.sharedWithCore(orgId),
    };
  }

  /** Every round, counted and checked (signatures verified, ballots opened once closed). */
  rounds(): RoundView[] {
    return readRounds(this.context(), this.now());
  }

  /** Round records readers ignore, and why. */
  ignored(): IgnoredRecord[] {
    return scanRounds(this.context(), this.now()).ignored;
  }

  /** Organization id → its rank in the top five of the latest verified round. */
  priorities(): Map<string, number> {
    const now = this.now();
    return currentPriorities(readRounds(this.context(), now), now);
  }

  /** Changes whenever a recount could come out differently: the cache key of rounds and priorities. */
  recountKey(): string {
    return recountKey(this.context());
  }

  open(input: RoundInput): string {
    return openRound(this.context(), this.identity, input, this.now());
  }

  cast(roundId: string, ranking: string[][]): string {
    return castBallot(this.context(), this.identity, roundId, ranking, this.now());
  }

  /** Closes a round, or recounts a closed one with ballots that arrived late. */
  close(roundId: string): void {
    closeRound(this.context(), this.identity, roundId, this.now());
  }

  verify(roundId: string): Verification {
    return verifyRound(this.context(), roundId, this.now());
  }

  /** Whether this member holds the round's key (its opener, or an admin when it opened): may close it. */
  holdsKey(roundId: string): boolean {
    return roundKeyPair(this.context(), this.identity, roundId, this.now()) !== null;
  }
}
