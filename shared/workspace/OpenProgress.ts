/**
 * How far along opening, joining, building the demo or restoring a workspace to a relay is, in words a
 * person can read (issue 17): each phase counts what it does (organizations written, bytes received or
 * uploaded, records read, envelopes checked). The phases come in this order in every flow; a flow skips
 * those it has no use for (a cold open neither connects nor downloads before it shows the board; the demo
 * builds, checks and opens; a restore connects, brings the roster and uploads the rooms).
 */
export const OPEN_PHASES = [
  'building',
  'history',
  'connecting',
  'joining',
  'bringing',
  'reading',
  'downloading',
  'uploading',
  'checking',
  'opening',
  'ready',
] as const;

export type OpenPhase = (typeof OPEN_PHASES)[number];

export interface OpenProgress {
  phase: OpenPhase;
  /** How much of the phase is done, in `unit`s. */
  done: number;
  /** The whole phase in `unit`s, when known (a relay does not say how much it is about to send). */
  total: number | null;
  unit: 'bytes' | 'records' | 'envelopes' | 'organizations' | 'months' | null;
  /** Bytes read with the records (reading the local copy). */
  bytes?: number;
  /** Rooms the relay holds whole, of `roomsTotal` (a restore's upload). */
  rooms?: number;
  roomsTotal?: number;
}

export type OpenProgressListener = (p: OpenProgress) => void;

/** In-phase updates at most this often: a label repainted faster cannot be read. */
export const PROGRESS_INTERVAL_MS = 100;

const rank = (phase: OpenPhase): number => OPEN_PHASES.indexOf(phase);

const REPORTER = Symbol('open-progress-reporter');

/**
 * Wraps `listener` so what it hears only moves forward and stays readable: a phase earlier than the one
 * shown, or a count going back, is dropped; a new phase is always told (there are eleven), updates within
 * a phase at most every `intervalMs` (≤ 10 a second), and the last one held back is told before the next
 * phase, so each phase shows its final count. Wrapping a reporter again returns it as is, so the
 * steps of one join (joinByToken, then openWorkspace) share one.
 */
export function progressReporter(
  listener: OpenProgressListener | undefined,
  now: () => number,
  intervalMs = PROGRESS_INTERVAL_MS,
): OpenProgressListener | undefined {
  if (!listener) return undefined;
  if ((listener as { [REPORTER]?: true })[REPORTER]) return listener;
  let last: OpenProgress | null = null;
  let lastAt = -Infinity;
  /** The newest in-phase update held back by the interval: told before the next phase, so a phase ends on its count. */
  let held: OpenProgress | null = null;
  const tell = (p: OpenProgress): void => {
    last = p;
    lastAt = now();
    listener(p);
  };
  const report = (p: OpenProgress): void => {
    if (last) {
      const step = rank(p.phase) - rank(last.phase);
      if (step < 0) return;
      if (step === 0) {
        const before = held ?? last;
        if (p.done < before.done || (p.total !== null && before.total !== null && p.total < before.total)) return;
        if (now() - lastAt < intervalMs) return void (held = p);
      } else if (held) tell(held);
    }
    held = null;
    tell(p);
  };
  return Object.assign(report, { [REPORTER]: true as const });
}
