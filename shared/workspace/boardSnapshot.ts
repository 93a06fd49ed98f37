import * as Y from 'yjs';

import type { MergedLane } from '../compartments';
import { toBase64Url } from '../crypto';
import { WORKSPACE_DOC_ID } from '../protocol';
import {
  BOARD_CACHE_VERSION,
  CACHED_CARDS_PER_LANE,
  MAX_CACHED_ACTIVITIES,
  MAX_CACHED_LANES,
  MAX_CACHED_TEXT,
} from '../storage';
import type { BoardCacheSnapshot, CachedLane } from '../storage';
import type { SecureWorkspace } from '../sync';
import type { WorkspaceApi } from './WorkspaceApi';

/**
 * What the board's first screen shows now, for the board cache (ADR 0022): read from this member's
 * live, verified board (`api.board.read()`: only the rooms it holds, only envelopes that passed every
 * check), never from the transport or anything a peer wrote about itself.
 */
export function boardSnapshot(
  api: WorkspaceApi,
  workspace: SecureWorkspace,
  workspaceId: string,
  shownAt: number,
  /** The top five, if the caller already counted it (a recount checks signatures and opens ballots). */
  priorities: ReadonlyMap<string, number> = api.votes.priorities(),
): BoardCacheSnapshot {
  return {
    version: BOARD_CACHE_VERSION,
    workspaceId,
    title: api.title(),
    shownAt: Math.max(0, Math.floor(shownAt)),
    rooms: [...workspace.rooms()].map(([compartmentId, room]) => ({
      compartmentId,
      stateVector: toBase64Url(Y.encodeStateVector(room.document(WORKSPACE_DOC_ID))),
    })),
    lanes: firstScreen(api.board.read(), priorities),
  };
}

/** A field as the cache keeps it: any member writes these, and one past the cache's bound would refuse it whole. */
const clip = (text: string): string => (text.length > MAX_CACHED_TEXT ? text.slice(0, MAX_CACHED_TEXT) : text);

/**
 * Each lane's first page of cards as the board shows them (the card's face and its top-five rank),
 * kept within what openBoardCache takes: a member who writes an overlong name or a repeated
 * activity must not make everyone's cache refuse to open.
 */
export function firstScreen(board: MergedLane[], priorities: ReadonlyMap<string, number>): CachedLane[] {
  return board.slice(0, MAX_CACHED_LANES).map((lane) => ({
    name: clip(lane.name),
    total: lane.cards.length,
    cards: lane.cards
      // An id is its writer's to choose; a preview click finds the live card by it, so one too long is left out.
      .filter((c) => c.id.length <= MAX_CACHED_TEXT)
      .slice(0, CACHED_CARDS_PER_LANE)
      .map((c) => ({
        id: c.id,
        name: clip(c.name),
        threat: clip(c.threat),
        leadAgency: clip(c.leadAgency),
        marking: clip(c.marking),
        activities: [...new Set(c.activities)].slice(0, MAX_CACHED_ACTIVITIES).map(clip),
        networkCount: c.networkCount,
        outcomeCount: c.outcomeCount,
        priority: priorities.get(c.id) ?? null,
      })),
  }));
}
