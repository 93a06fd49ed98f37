import type * as Y from 'yjs';

import { bytesEqual } from '../crypto';
import { envelopeSignatureValid, parseEnvelope } from './envelope';
import type { StreamCut } from './roster';
import { docIdOfList } from './transportLayout';

/**
 * The cut an admin records when `author` loses the right to write (hardening item 5): for every
 * document list it holds, per replica, the highest seq of that author's envelopes whose signature
 * verifies. Headers only — nothing is decrypted.
 */
export function streamCutOf(transport: Y.Doc, workspaceId: string, author: Uint8Array): StreamCut {
  const cut: StreamCut = {};
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
      if (!bytesEqual(h.author, author)) continue;
      const replica = String(h.replica);
      const held = cut[docId]?.[replica] ?? 0;
      if (h.seq <= held || !envelopeSignatureValid(env)) continue;
      (cut[docId] ??= {})[replica] = h.seq;
    }
  }
  return cut;
}
