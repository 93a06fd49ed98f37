import type * as Y from 'yjs';

import { bytesEqual } from '../crypto';
import { envelopeSignatureValid, parseEnvelope } from '../protocol';
import { heldEnvelopeName } from './roster';
import type { HeldEnvelopes, StreamCut } from './roster';
import { docIdOfList } from '../protocol';

/**
 * The cut an admin records when `author` loses the right to write (hardening item 5): for every
 * document list it holds, per replica, the highest seq of that author's envelopes whose signature
 * verifies, and the names of those envelopes (a seq can be signed again with other content; a name
 * cannot — ADR 0008). Headers only — nothing is decrypted.
 */
export function streamCutOf(
  transport: Y.Doc,
  workspaceId: string,
  author: Uint8Array,
): { cut: StreamCut; held: HeldEnvelopes } {
  const cut: StreamCut = {};
  const held: HeldEnvelopes = {};
  for (const name of transport.share.keys()) {
    const docId = docIdOfList(name);
    if (docId === null) continue;
    for (const bytes of transport.getArray<unknown>(name).toArray()) {
      let env;
      try {
        env = parseEnvelope(bytes);
      } catch {
        continue;
      }
      const h = env.header;
      if (h.kind === 'presence' || h.workspaceId !== workspaceId || h.docId !== docId) continue;
      if (!bytesEqual(h.author, author) || !envelopeSignatureValid(env)) continue;
      (held[docId] ??= []).push(heldEnvelopeName(env.signature));
      const replica = String(h.replica);
      if (h.seq > (cut[docId]?.[replica] ?? 0)) (cut[docId] ??= {})[replica] = h.seq;
    }
  }
  return { cut, held };
}
