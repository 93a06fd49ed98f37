import * as Y from 'yjs';

import { toBase64Url } from '../crypto';
import { parseEnvelope } from '../protocol';
import type { Envelope } from '../protocol';
import { settledCovers } from './envelopeContent';
import { readerVerdict } from './envelopeStanding';
import type { Roster } from '../membership';
import type { SyncReport } from './SyncReport';
import { entrySignatureValid } from './verifiedEntries';
import { docIdOfList, isValidDocId } from '../protocol';

export interface DocumentListGuardContext {
  workspaceId: string;
  /** The compartment whose room the guarded transport is: envelopes are judged by its members. */
  compartmentId: string;
  roster(): Roster;
  openingKeys(epoch: number): Uint8Array[];
  schedule(fn: () => void, ms: number): () => void;
  report(r: SyncReport): void;
  /** Told the signature of every envelope deleted without cover (whoever ends up putting it back). */
  putBack(signature: string): void;
}

/** The origin of transactions that put deleted envelopes back. */
export const restoreOrigin = Symbol('unity-table/document-list-guard');

/**
 * Anyone who can send a Yjs update can delete entries of a document list. A deletion counts only
 * when a snapshot by the deleted envelope's own author, still in the list, covers its seq (that is
 * how an author compacts its own envelopes); every other signed envelope that a reader would apply
 * (or may yet: no key, an author not yet in the roster) is put back, and the client says so. Junk
 * (no envelope, a bad signature, or what every reader refuses for good) is let go. Returns a function that stops.
 */
export function guardDocumentLists(transport: Y.Doc, ctx: DocumentListGuardContext): () => void {
  const onAfterTransaction = (tr: Y.Transaction) => {
    if (tr.deleteSet.clients.size === 0) return;
    const lost = new Map<string, Uint8Array[]>();
    // Runs before Yjs garbage-collects what was deleted: the content is still there to take.
    Y.iterateDeletedStructs(tr, tr.deleteSet, (struct) => {
      if (!(struct instanceof Y.Item) || !(struct.parent instanceof Y.AbstractType)) return;
      if (struct.parent._item !== null) return;
      const name = Y.findRootTypeKey(struct.parent);
      const docId = docIdOfList(name);
      if (docId === null || !isValidDocId(docId)) return;
      for (const entry of struct.content.getContent()) {
        if (entry instanceof Uint8Array) lost.set(name, [...(lost.get(name) ?? []), entry]);
      }
    });
    if (lost.size === 0) return;
    ctx.schedule(() => {
      for (const [name, entries] of lost) restore(transport, ctx, name, entries);
    }, 0);
  };
  transport.on('afterTransaction', onAfterTransaction);
  return () => transport.off('afterTransaction', onAfterTransaction);
}

function restore(transport: Y.Doc, ctx: DocumentListGuardContext, name: string, entries: Uint8Array[]): void {
  const list = transport.getArray<unknown>(name);
  const docId = docIdOfList(name)!;
  const present = new Set<string>();
  const snapshots: Envelope[] = [];
  for (const entry of list.toArray()) {
    const env = envelopeOf(entry, ctx.workspaceId, docId);
    if (!env) continue;
    present.add(toBase64Url(env.signature));
    if (env.header.kind === 'snapshot') snapshots.push(env);
  }
  const roster = ctx.roster();
  const covering = coveringSnapshots(snapshots, docId, ctx);
  const missing: Uint8Array[] = [];
  for (const entry of entries) {
    const env = envelopeOf(entry, ctx.workspaceId, docId);
    if (!env) continue;
    const signature = toBase64Url(env.signature);
    const runs = covering.get(`${toBase64Url(env.header.author)}/${env.header.replica}`) ?? [];
    if (runs.some(([start, end]) => start <= env.header.seq && env.header.seq <= end)) continue;
    if (!present.has(signature)) {
      // What every reader refuses is not worth a copy in every client's list, nor protected from
      // compaction. Judged after the cheap checks: a compaction's own envelopes never get this far.
      if (readerVerdict(env, docId, roster, ctx.openingKeys(env.header.epoch), ctx.compartmentId).verdict === 'refuses')
        continue;
      present.add(signature);
      missing.push(entry);
    }
    ctx.putBack(signature);
  }
  if (missing.length === 0) return;
  transport.transact(() => list.insert(list.length, missing), restoreOrigin);
  ctx.report({
    level: 'warning',
    code: 'restored',
    docId,
    author: null,
    message: `${missing.length} envelope(s) were deleted from this document without a snapshot by their author covering them: put back`,
  });
}

/** A signed envelope of this workspace and document, or null for anything else. */
function envelopeOf(entry: unknown, workspaceId: string, docId: string): Envelope | null {
  if (!(entry instanceof Uint8Array)) return null;
  try {
    const env = parseEnvelope(entry);
    const { header } = env;
    if (header.workspaceId !== workspaceId || header.docId !== docId) return null;
    return entrySignatureValid(entry, env) ? env : null;
  } catch {
    return null;
  }
}

/**
 * stream (author/replica) → seqs covered by the snapshots every reader applies (readerVerdict), read
 * as a reader settles them (settledCovers: none of its own replica's seqs at or past its own).
 * One we cannot open yet covers nothing: its deletions are put back (a copy too many costs a little
 * space; a copy too few loses an edit).
 */
function coveringSnapshots(
  snapshots: Envelope[],
  docId: string,
  ctx: DocumentListGuardContext,
): Map<string, Array<[number, number]>> {
  const roster = ctx.roster();
  const out = new Map<string, Array<[number, number]>>();
  for (const env of snapshots) {
    const { header } = env;
    const judged = readerVerdict(env, docId, roster, ctx.openingKeys(header.epoch), ctx.compartmentId);
    if (judged.verdict !== 'applies') continue;
    const author = toBase64Url(header.author);
    for (const [replica, start, end] of settledCovers(header, judged.content.covers).runs) {
      const key = `${author}/${replica}`;
      out.set(key, [...(out.get(key) ?? []), [start, end]]);
    }
  }
  return out;
}
