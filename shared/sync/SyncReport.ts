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
  | 'read-only';

export interface SyncReport {
  level: 'error' | 'warning';
  code: SyncReportCode;
  docId: string;
  /** memberId of the claimed author, when the envelope named one. */
  author: string | null;
  message: string;
}
