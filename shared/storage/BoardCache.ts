import { aeadOpen, aeadSeal, concatBytes, fromUtf8, NONCE_BYTES, utf8 } from '../crypto';
import type { RecordBackend } from './LocalTransportStore';

/**
 * The board's first screen as this member's live board last showed it (ADR 0022): painted on a
 * cold open before the workspace is live, never edited, replaced whole by the live board.
 */
export interface BoardCacheSnapshot {
  version: typeof BOARD_CACHE_VERSION;
  workspaceId: string;
  title: string;
  /** When the live board showed this (ms since the epoch, this machine's clock). */
  shownAt: number;
  /** What it was computed from: each room this member held and its content document's state vector (base64url). */
  rooms: Array<{ compartmentId: string; stateVector: string }>;
  lanes: CachedLane[];
}

export interface CachedLane {
  name: string;
  /** Cards in the lane on the live board (more than `cards` holds past the first screen). */
  total: number;
  cards: CachedCard[];
}

/** What a card shows on the board's first screen (OrganizationCard's face), nothing more. */
export interface CachedCard {
  id: string;
  name: string;
  threat: string;
  leadAgency: string;
  marking: string;
  activities: string[];
  networkCount: number;
  outcomeCount: number;
  /** Its rank in the top five the live board showed, if it was there. */
  priority: number | null;
}

export const BOARD_CACHE_VERSION = 1;

/** A lane's first screen: the board shows this many cards before "Show more" (BoardLaneColumn's page). */
export const CACHED_CARDS_PER_LANE = 50;
/** What a snapshot may hold (a record past these is refused whole): boardSnapshot keeps within them. */
export const MAX_CACHED_LANES = 100;
export const MAX_CACHED_TEXT = 500;
export const MAX_CACHED_ACTIVITIES = 20;
const MAX_LANES = MAX_CACHED_LANES;
const MAX_TEXT = MAX_CACHED_TEXT;
/** A cache past this is not read (ours are tens of kilobytes): noise, or not ours. */
const MAX_RECORD_BYTES = 8 << 20;

/** Bound to its workspace (and to this use of the storage key): a record never opens as another's. */
const associatedData = (workspaceId: string) => utf8(`unity-table/v1/board-cache/${workspaceId}`);

/** Seals `snapshot` with the profile's storage key: XChaCha20-Poly1305, the workspace in the associated data. */
export function sealBoardCache(key: Uint8Array, snapshot: BoardCacheSnapshot): Uint8Array {
  const plaintext = utf8(JSON.stringify(snapshot));
  const { nonce, ciphertext } = aeadSeal(key, plaintext, associatedData(snapshot.workspaceId));
  return concatBytes(nonce, ciphertext);
}

/**
 * The snapshot in `record`, or null if it does not authenticate under `key` for `workspaceId`
 * (damaged, another key, another workspace), or is not a snapshot of this version: never half of one.
 */
export function openBoardCache(key: Uint8Array, workspaceId: string, record: Uint8Array): BoardCacheSnapshot | null {
  if (record.length < NONCE_BYTES || record.length > MAX_RECORD_BYTES) return null;
  let value: unknown;
  try {
    const plain = aeadOpen(
      key,
      record.subarray(0, NONCE_BYTES),
      record.subarray(NONCE_BYTES),
      associatedData(workspaceId),
    );
    value = JSON.parse(fromUtf8(plain));
  } catch {
    return null;
  }
  return parseSnapshot(value, workspaceId);
}

/**
 * One workspace's board cache in a record backend of its own: one record, replaced whole, never
 * merged. It is read before the workspace opens and written only from the live board.
 */
export class BoardCache {
  constructor(
    private readonly backend: RecordBackend,
    private readonly key: Uint8Array,
    private readonly workspaceId: string,
  ) {}

  /** The last snapshot written, or null: none, or one that does not open (it is replaced at the next write). */
  async read(): Promise<BoardCacheSnapshot | null> {
    let records: Uint8Array[];
    try {
      ({ records } = await this.backend.readAll());
    } catch {
      return null;
    }
    return records.length === 1 ? openBoardCache(this.key, this.workspaceId, records[0]!) : null;
  }

  /** Seals now (the key may be wiped right after: a lock), and replaces what the backend holds. */
  write(snapshot: BoardCacheSnapshot): Promise<void> {
    if (snapshot.workspaceId !== this.workspaceId) throw new Error('a board cache is written for its own workspace');
    // A locked vault wipes its keys to zeros: nothing is sealed under a key anyone knows.
    if (this.key.every((b) => b === 0)) return Promise.resolve();
    const record = sealBoardCache(this.key, snapshot);
    return this.backend.replaceAll([record]);
  }
}

const isText = (v: unknown): v is string => typeof v === 'string' && v.length <= MAX_TEXT;
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

function parseSnapshot(v: unknown, workspaceId: string): BoardCacheSnapshot | null {
  if (!isObject(v) || v['version'] !== BOARD_CACHE_VERSION || v['workspaceId'] !== workspaceId) return null;
  const { title, shownAt, rooms, lanes } = v;
  if (!isText(title) || !isCount(shownAt) || !Array.isArray(rooms) || !Array.isArray(lanes)) return null;
  if (lanes.length > MAX_LANES || rooms.length > MAX_LANES) return null;
  const parsedRooms: BoardCacheSnapshot['rooms'] = [];
  for (const r of rooms) {
    if (!isObject(r) || typeof r['compartmentId'] !== 'string' || typeof r['stateVector'] !== 'string') return null;
    parsedRooms.push({ compartmentId: r['compartmentId'], stateVector: r['stateVector'] });
  }
  const parsedLanes: CachedLane[] = [];
  for (const lane of lanes) {
    const parsed = parseLane(lane);
    if (!parsed) return null;
    parsedLanes.push(parsed);
  }
  return { version: BOARD_CACHE_VERSION, workspaceId, title, shownAt, rooms: parsedRooms, lanes: parsedLanes };
}

function parseLane(v: unknown): CachedLane | null {
  if (!isObject(v) || !isText(v['name']) || !isCount(v['total']) || !Array.isArray(v['cards'])) return null;
  if (v['cards'].length > CACHED_CARDS_PER_LANE || v['cards'].length > v['total']) return null;
  const cards: CachedCard[] = [];
  for (const c of v['cards'] as unknown[]) {
    const card = parseCard(c);
    if (!card) return null;
    cards.push(card);
  }
  return { name: v['name'], total: v['total'], cards };
}

function parseCard(c: unknown): CachedCard | null {
  if (!isObject(c)) return null;
  const { id, name, threat, leadAgency, marking, activities, networkCount, outcomeCount, priority } = c;
  if (!isText(id) || !isText(name) || !isText(threat) || !isText(leadAgency) || !isText(marking)) return null;
  if (!Array.isArray(activities) || activities.length > MAX_CACHED_ACTIVITIES || !activities.every(isText)) return null;
  if (!isCount(networkCount) || !isCount(outcomeCount)) return null;
  if (priority !== null && !isCount(priority)) return null;
  return { id, name, threat, leadAgency, marking, activities, networkCount, outcomeCount, priority };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
