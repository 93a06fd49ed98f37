import * as Y from 'yjs';

import { MergedBoard } from '../compartments';
import { toBase64Url } from '../crypto';
import { memberProfile } from '../model';
import { listNotes } from '../notes';
import { WORKSPACE_DOC_ID } from '../protocol';
import type { OpenWorkspace } from './OpenWorkspace';

/** What the board and the notes look like: taken before and after an import to say what changed. */
export interface BoardPicture {
  /** Organization id → its name and everything the merged board shows of it, as JSON. */
  organizations: Map<string, { name: string; json: string }>;
  /** A note's document id → its state vector (b64url), per room. */
  notes: Map<string, string>;
}

/** The merged board and every note document of every room this member holds, now. */
export function pictureOf(ow: OpenWorkspace): BoardPicture {
  const rooms = new Map<string, Y.Doc>();
  for (const [c, room] of ow.workspace.rooms()) rooms.set(c, room.document(WORKSPACE_DOC_ID));
  const board = new MergedBoard(rooms, ow.workspace.roster, ow.workspace.me);
  const organizations = new Map<string, { name: string; json: string }>();
  try {
    for (const lane of board.read())
      for (const card of lane.cards) {
        const { entities, links } = board.network(card.id);
        const json = JSON.stringify([card, entities, links, board.outcomes(card.id)]);
        organizations.set(card.id, { name: card.name, json });
      }
  } finally {
    board.destroy();
  }
  const notes = new Map<string, string>();
  for (const [c, room] of ow.workspace.rooms())
    for (const id of room.documentIds())
      if (id.startsWith('note-')) notes.set(`${c}/${id}`, toBase64Url(Y.encodeStateVector(room.document(id))));
  return { organizations, notes };
}

/** Organizations and notes whose picture differs (added, changed or gone), with the names to show. */
export function changesBetween(
  ow: OpenWorkspace,
  before: BoardPicture,
  after: BoardPicture,
): { organizations: Array<{ orgId: string; name: string }>; notes: Array<{ docId: string; title: string }> } {
  const organizations: Array<{ orgId: string; name: string }> = [];
  for (const id of new Set([...before.organizations.keys(), ...after.organizations.keys()])) {
    const [b, a] = [before.organizations.get(id), after.organizations.get(id)];
    if (b?.json !== a?.json) organizations.push({ orgId: id, name: a?.name ?? b?.name ?? id });
  }
  const titles = new Map<string, string>();
  for (const room of ow.workspace.rooms().values())
    for (const note of listNotes(room.document(WORKSPACE_DOC_ID))) {
      const org = after.organizations.get(note.org) ?? before.organizations.get(note.org);
      titles.set(`note-${note.id}`, note.kind === 'meeting' ? note.title : (org?.name ?? note.title));
    }
  const notes = new Map<string, { docId: string; title: string }>();
  for (const [key, sv] of after.notes) {
    if (before.notes.get(key) === sv) continue;
    const docId = key.slice(key.indexOf('/') + 1);
    notes.set(docId, { docId, title: titles.get(docId) || docId });
  }
  return { organizations, notes: [...notes.values()] };
}

/** A member's name as its signed profile says in any room held, else the start of its id. */
export function memberName(ow: OpenWorkspace, memberId: string): string {
  for (const room of ow.workspace.rooms().values()) {
    const profile = memberProfile(room.document(WORKSPACE_DOC_ID), ow.workspace.roster, memberId);
    if (profile) return profile.name;
  }
  return memberId.slice(0, 8);
}
