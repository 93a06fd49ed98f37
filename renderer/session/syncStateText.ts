import type { SyncStatus } from '../../shared/workspace';

const changes = (n: number): string => `${n} change${n === 1 ? '' : 's'}`;

/** The sync state in words: online, syncing N changes, connecting, or offline with N changes waiting — and why. */
export function syncStateText({ connection, waiting, lastClose, refusal, problem, bringing }: SyncStatus): string {
  const kept = `${waiting === 0 ? 'no changes' : changes(waiting)} waiting`;
  // The relay has never seen this workspace: this member is bringing it there (ADR 0014), not offline.
  if (bringing) return 'Bringing this workspace to a relay that has never seen it…';
  // A refusal is final until something changes (a spent invite, a removal): say so, not "reconnecting".
  if (refusal) return `Offline: the relay refused: ${refusal}; ${kept}, kept here`;
  if (connection === 'connected') {
    return waiting > 0 ? `Syncing: ${changes(waiting)} being sent` : 'Online: in sync with the relay';
  }
  if (connection === 'connecting') return 'Connecting to the relay…';
  const why = problem ?? (lastClose ? `the relay said: ${lastClose}` : null);
  return `Offline: ${kept}, kept here and sent on reconnect${why ? ` (${why})` : ''}`;
}
