import { WORKSPACE_DOC_ID } from '../shared/protocol';
import { exportBundle, importBundle, makeStateFile } from '../shared/workspace';
import type { EnvelopeWorkload } from './bundleWorkload';
import { contentStateVectors, plaintextBytes, reopen } from './bundleWorkload';
import type { Log } from './harness';
import { ratio } from './stats';

/**
 * B2 (issue 14): a bundle's size against the plaintext state it carries (the content documents'
 * Y.encodeStateAsUpdate bytes): everything, and a delta after a small change against the other
 * side's state file.
 */
export interface B2Result {
  notes: string[];
  full: { envelopes: number; bundleBytes: number; plaintextBytes: number; ratio: number };
  delta: {
    envelopes: number;
    bundleBytes: number;
    plaintextBytes: number;
    ratio: number;
    /** The edit's own Yjs update (the content document's update event): the floor of any delta. */
    editBytes: number;
    editRatio: number;
    /** The receiver's state file ("what I already have"). */
    stateFileBytes: number;
    /** The receiver imported the delta: every envelope new, and the change shows. */
    applied: boolean;
  };
  /** full bundle bytes / envelopes: what one envelope costs on the stick. */
  bytesPerEnvelope: number;
}

const NOTES = [
  'plaintext: the sum over every content document of the carried rooms of Y.encodeStateAsUpdate (for the delta: against the content’s state vectors before the change, which in Yjs always carries the document’s whole delete set); edit: the change’s own update, as the document’s update event gives it. The bundle carries the transport documents instead: every envelope with its signed header, nonce and signature, plus the directory (roster and key log), the recipients’ key slots, padding (Padmé) and the exporter’s signature.',
  'full: the courier’s export with no state file (the same file B1 imports). delta: the receiver imports it, hands over its state file, the courier renames one organization (one envelope), and exports with that state file.',
];

export async function runB2(workload: EnvelopeWorkload, log: Log): Promise<B2Result> {
  const { courier } = workload;
  const plainFull = plaintextBytes(courier.ow);
  const receiver = await reopen(workload.receiver);
  try {
    await importBundle(receiver.ow, workload.file);
    const state = await makeStateFile(receiver.ow);
    const before = contentStateVectors(courier.ow);
    const card = courier.api.board.read().find((lane) => lane.cards.length > 0)!.cards[0]!;
    const renamed = `${card.name} (renamed)`;
    const content = courier.ow.workspace.document(WORKSPACE_DOC_ID);
    let editBytes = 0;
    const onUpdate = (update: Uint8Array) => void (editBytes += update.byteLength);
    content.on('update', onUpdate);
    courier.api.board.updateOrganization(card.id, { name: renamed });
    content.off('update', onUpdate);
    const delta = await exportBundle(courier.ow, { since: state });
    const plainDelta = plaintextBytes(courier.ow, before);
    const got = await importBundle(receiver.ow, delta.file);
    const shown = receiver.api.board.card(card.id)?.name === renamed;
    log(
      `[B2] full ${workload.file.byteLength} B for ${plainFull} B of plaintext; delta ${delta.bytes} B for ${plainDelta} B`,
    );
    return {
      notes: NOTES,
      full: {
        envelopes: workload.envelopes,
        bundleBytes: workload.file.byteLength,
        plaintextBytes: plainFull,
        ratio: ratio(workload.file.byteLength, plainFull),
      },
      delta: {
        envelopes: delta.envelopes,
        bundleBytes: delta.bytes,
        plaintextBytes: plainDelta,
        ratio: ratio(delta.bytes, plainDelta),
        editBytes,
        editRatio: ratio(delta.bytes, editBytes),
        stateFileBytes: state.byteLength,
        applied: got.new === delta.envelopes && got.rejected === 0 && shown,
      },
      bytesPerEnvelope: Math.round(workload.file.byteLength / workload.envelopes),
    };
  } finally {
    await receiver.ow.close();
  }
}
