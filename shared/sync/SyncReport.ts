/** Why an envelope was not applied, or what looks wrong in a document's history. */
export type SyncReportCode =
  | 'malformed'
  | 'bad-signature'
  | 'unknown-author'
  | 'read-only-author'
  | 'wrong-workspace'
  | 'wrong-document'
  | 'replayed'
  | 'undecryptable'
  | 'bad-update'
  | 'missing-key'
  | 'gap'
  | 'read-only'
  /** A demoted or removed member's envelope under an old epoch, past the cut the admin recorded. */
  | 'beyond-cut'
  /** A snapshot claimed seqs its author had not written, or did not hold what it claimed. */
  | 'false-cover'
  /** Envelopes deleted from a list without a snapshot of their author covering them: put back. */
  | 'restored'
  /** One who cannot write now signed a second, different envelope for a seq already applied. */
  | 'equivocation'
  /** An envelope sealed under another compartment's key scope than its room's (moved between rooms). */
  | 'wrong-scope'
  /** Signed by a member who is not in the room's compartment (nor left it within a cut). */
  | 'outside-compartment';

export interface SyncReport {
  level: 'error' | 'warning';
  code: SyncReportCode;
  docId: string;
  /** memberId of the claimed author, when the envelope named one. */
  author: string | null;
  message: string;
}
