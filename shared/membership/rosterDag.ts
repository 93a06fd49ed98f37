import { SignatureDomain, toBase64Url } from '../crypto';
import { decodeSignedEntry, entryIdOf, entryJson, signedBy } from '../protocol';
import type { SignedEntry } from '../protocol';

/** A decoded roster entry, placed in the causal graph its `prev` fields draw. */
export interface RosterNode {
  id: string;
  entry: SignedEntry;
  body: Record<string, unknown>;
  at: number;
  /** Ties between causally unrelated entries break on (at, key): the body's bytes, the same everywhere. */
  key: string;
  /** Null for an entry older than ADR 0007 (no `prev`): no causal parents. */
  prev: string[] | null;
  /** Position in the causal order (set by causalOrder). */
  index: number;
  /** Signature checks, each done at most once for the same bytes (hardening item 13). */
  checked: Map<number, boolean>;
}

interface Decoded {
  entry: SignedEntry;
  body: Record<string, unknown>;
  id?: string;
  key?: string;
  checked: Map<number, boolean>;
}

/**
 * What each entry's bytes decode to, and which of its signatures checked out, kept as long as the
 * bytes are (a transport document hands out the same objects every time): the roster is computed
 * again on every membership change, and junk must not cost a signature check each time.
 */
const decodedCache = new WeakMap<Uint8Array, Decoded | null>();

function decodeOnce(bytes: unknown): Decoded | null {
  if (!(bytes instanceof Uint8Array)) return null;
  let d = decodedCache.get(bytes);
  if (d === undefined) {
    const entry = decodeSignedEntry(bytes);
    const body = entry && entryJson(entry);
    d = entry && body ? { entry, body, checked: new Map() } : null;
    decodedCache.set(bytes, d);
  }
  return d;
}

/** More parents than this is not an entry any honest client writes (its heads are few). */
const MAX_PREV = 512;

/** The entries of `workspaceId` that decode, once each (a duplicate is the same entry). */
export function parseRosterNodes(workspaceId: string, entries: Iterable<unknown>, creator: string): RosterNode[] {
  const decoded: Array<{ bytes: Uint8Array; entry: SignedEntry; body: Record<string, unknown> }> = [];
  // Who could ever be an admin: the creator, whoever joins with an admin invite, whoever a role
  // entry makes admin. An entry signed by anyone else can never count, so it is dropped before any
  // hashing, sorting or signature check: junk from one member costs a parse each (hardening item 13).
  const adminInvites = new Set<string>();
  const mayBeAdmin = new Set<string>([creator]);
  for (const bytes of entries) {
    const parsed = decodeOnce(bytes);
    if (!parsed) continue;
    const { entry, body } = parsed;
    if (body['t'] === 'genesis' || body['ws'] !== workspaceId) continue;
    if (typeof body['at'] !== 'number' || !Number.isFinite(body['at'])) continue;
    decoded.push({ bytes: bytes as Uint8Array, entry, body });
    const t = body['t'];
    if (t === 'invite' && body['role'] === 'admin') {
      const pair = body['invite'] as { sign?: unknown } | undefined;
      if (typeof pair?.sign === 'string') adminInvites.add(pair.sign);
    } else if (t === 'role' && body['role'] === 'admin' && typeof body['member'] === 'string') {
      mayBeAdmin.add(body['member']);
    }
  }
  for (const { body } of decoded) {
    const pair = body['member'] as { sign?: unknown } | undefined;
    if (body['t'] === 'join' && adminInvites.has(body['invite'] as string) && typeof pair?.sign === 'string')
      mayBeAdmin.add(pair.sign);
  }
  const nodes = new Map<string, RosterNode>();
  for (const { bytes, entry, body } of decoded) {
    if (body['t'] !== 'join' && !mayBeAdmin.has(body['by'] as string)) continue;
    const prev = body['prev'];
    if (
      prev !== undefined &&
      !(Array.isArray(prev) && prev.length <= MAX_PREV && prev.every((p) => typeof p === 'string'))
    )
      continue;
    const cached = decodeOnce(bytes)!;
    const id = (cached.id ??= entryIdOf(bytes));
    if (nodes.has(id)) continue;
    nodes.set(id, {
      id,
      entry,
      body,
      at: body['at'] as number,
      key: (cached.key ??= toBase64Url(entry.body)),
      prev: prev === undefined ? null : [...new Set(prev)],
      index: -1,
      checked: cached.checked,
    });
  }
  return [...nodes.values()];
}

const before = (x: RosterNode, y: RosterNode) => x.at < y.at || (x.at === y.at && x.key < y.key);

/**
 * A topological order of the entries (every entry after everything it names), ties broken by
 * (at, key) with a heap: O(n log n). `roots` (the genesis) are always there. An entry that names something absent waits,
 * with everything after it, until that arrives — as a join waited for its invite.
 */
export function causalOrder(nodes: RosterNode[], roots: Set<string>): RosterNode[] {
  const known = new Set(nodes.map((n) => n.id));
  const children = new Map<string, RosterNode[]>();
  const missing = new Map<RosterNode, number>();
  const heap: RosterNode[] = [];
  for (const n of nodes) {
    let waiting = 0;
    for (const p of n.prev ?? []) {
      if (roots.has(p)) continue;
      if (!known.has(p)) waiting = Infinity;
      else if (children.has(p)) children.get(p)!.push(n);
      else children.set(p, [n]);
      waiting++;
    }
    if (waiting === 0) push(heap, n);
    else missing.set(n, waiting);
  }
  const order: RosterNode[] = [];
  for (let n = pop(heap); n; n = pop(heap)) {
    n.index = order.length;
    order.push(n);
    for (const c of children.get(n.id) ?? []) {
      const left = missing.get(c)! - 1;
      missing.set(c, left);
      if (left === 0) push(heap, c);
    }
  }
  return order;
}

/**
 * Edges followed by ancestorsOf and descendantsOf since the process started: the seam through which
 * tests count the graph work a roster computation does, instead of timing it (red-team finding F6).
 */
export const graphWork = { steps: 0 };

/** Ids of every entry `from` names, directly or through others (its causal past). */
export function ancestorsOf(from: RosterNode, byId: Map<string, RosterNode>): Set<string> {
  const seen = new Set<string>();
  const stack = [...(from.prev ?? [])];
  while (stack.length > 0) {
    const id = stack.pop()!;
    graphWork.steps++;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(byId.get(id)?.prev ?? []));
  }
  return seen;
}

/** Ids of every entry that names `from`, directly or through others (its causal future). */
export function descendantsOf(from: RosterNode, order: RosterNode[]): Set<string> {
  const seen = new Set<string>([from.id]);
  // In causal order every descendant comes after `from`: one pass from there finds them all.
  for (let i = from.index + 1; i < order.length; i++) {
    const n = order[i]!;
    graphWork.steps += n.prev?.length ?? 0;
    if (n.prev?.some((p) => seen.has(p))) seen.add(n.id);
  }
  seen.delete(from.id);
  return seen;
}

/**
 * Whether this entry carries a signature already found not to verify under the key it names (its
 * `by`, its invite's key or its member's key — each key is the id it is named by). Such an entry is
 * forged for good, whatever the roster becomes: honest clients may delete it (hardening item 13).
 */
export function isForged(bytes: unknown): boolean {
  const d = bytes instanceof Uint8Array ? decodedCache.get(bytes) : undefined;
  return !!d && [...d.checked.values()].includes(false);
}

/** Whether signature `index` of the node verifies under `publicKey`, checked once per node and index. */
export function nodeSignedBy(n: RosterNode, index: number, publicKey: Uint8Array): boolean {
  let ok = n.checked.get(index);
  if (ok === undefined) n.checked.set(index, (ok = signedBy(SignatureDomain.roster, n.entry, index, publicKey)));
  return ok;
}

function push(heap: RosterNode[], n: RosterNode): void {
  heap.push(n);
  for (let i = heap.length - 1; i > 0;) {
    const up = (i - 1) >> 1;
    if (!before(heap[i]!, heap[up]!)) break;
    [heap[i], heap[up]] = [heap[up]!, heap[i]!];
    i = up;
  }
}

function pop(heap: RosterNode[]): RosterNode | undefined {
  const top = heap[0];
  const last = heap.pop();
  if (heap.length > 0 && last) {
    heap[0] = last;
    for (let i = 0; ;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && before(heap[l]!, heap[m]!)) m = l;
      if (r < heap.length && before(heap[r]!, heap[m]!)) m = r;
      if (m === i) break;
      [heap[i], heap[m]] = [heap[m]!, heap[i]!];
      i = m;
    }
  }
  return top;
}
