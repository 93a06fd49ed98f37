import type * as Y from 'yjs';

import { SignatureDomain } from '../crypto';
import { guardSignedRecords, parseBody, PROFILES, profileRecordValid, recordValid } from '../model';
import type { GuardedMap, RestoreReport, SignedRecord } from '../model';
import type { Roster } from '../membership';
import { BALLOTS, CLOSES, ROUNDS } from './records';
import { signKeyOf } from './votingContext';

// Which field of each record names its signer, and under which domain it signs.
const SIGNED: Array<{ name: string; domain: SignatureDomain; signer: string }> = [
  { name: ROUNDS, domain: SignatureDomain.roundOpen, signer: 'openedBy' },
  { name: BALLOTS, domain: SignatureDomain.ballot, signer: 'voter' },
  { name: CLOSES, domain: SignatureDomain.roundClose, signer: 'closer' },
];

/**
 * Keeps the workspace document's signed records whole on an honest client: profiles, rounds,
 * ballots and closes that a writer deletes or overwrites are put back (see guardSignedRecords).
 * Only records a member of the workspace signed are kept, so junk is never restored. `roster`
 * is read when a record is first seen.
 */
export function guardWorkspaceRecords(
  doc: Y.Doc,
  roster: () => Roster,
  schedule: (fn: () => void, ms: number) => () => void,
  onRestore?: RestoreReport,
): () => void {
  const maps: GuardedMap[] = SIGNED.map(({ name, domain, signer }) => ({
    name,
    accepts: (record: SignedRecord) => {
      const body = parseBody(record);
      const who = body && typeof body === 'object' ? (body as Record<string, unknown>)[signer] : null;
      const key = typeof who === 'string' ? signKeyOf(roster(), who) : null;
      return key !== null && recordValid(record, domain, key);
    },
  }));
  maps.push({ name: PROFILES, accepts: (record) => profileRecordValid(record, roster()) !== null });
  return guardSignedRecords(doc, maps, schedule, onRestore);
}
