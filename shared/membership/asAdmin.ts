import type * as Y from 'yjs';

import { memberIdOf } from '../crypto';
import type { Identity } from '../crypto';
import { ROSTER_LIST } from '../protocol';
import { computeRoster } from './computeRoster';
import type { Roster } from './roster';

/** The roster, if `admin` is a confirmed admin of it now; else a sentence saying why not. */
export function asAdmin(transport: Y.Doc, workspaceId: string, admin: Identity, now: number): Roster {
  const roster = computeRoster(workspaceId, transport.getArray(ROSTER_LIST).toArray(), now);
  const me = memberIdOf(admin);
  if (roster.members.get(me)?.role !== 'admin') throw new Error('only an admin of this workspace can do that');
  if (roster.provisional.has(me))
    throw new Error('your join is not confirmed yet: another admin must confirm it before you can do that');
  return roster;
}
