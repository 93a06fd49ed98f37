import { useCallback, useEffect, useRef, useState } from 'react';

import { progressText } from './bundleText';
import type { BundleProgress } from '../../shared/workspace';

/** How long work may run before a bar appears: a small bundle is done before a bar could be read. */
export const PROGRESS_AFTER_MS = 300;

/**
 * Work that may take a while: `run` it, and `long` turns true once it has run for `delayMs`, so a bar
 * appears only when there is time to read one; both fall back as soon as the work ends.
 */
export function useLongRunning(delayMs = PROGRESS_AFTER_MS) {
  const [state, setState] = useState<'idle' | 'running' | 'long'>('idle');
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const run = useCallback(
    async <T,>(work: () => Promise<T>): Promise<T> => {
      setState('running');
      timer.current = setTimeout(() => setState('long'), delayMs);
      try {
        return await work();
      } finally {
        clearTimeout(timer.current);
        setState('idle');
      }
    },
    [delayMs],
  );
  return { running: state !== 'idle', long: state === 'long', run };
}

/** A bundle being read or made: the bar, and in words what is happening ("Checking envelopes: 4,210 of 10,000"). */
export function BundleProgressBar({ progress }: { progress: BundleProgress | null }) {
  const text = progress ? progressText(progress) : 'Starting…';
  const total = Math.max(progress?.total ?? 0, 1);
  const done = Math.min(progress?.done ?? 0, total);
  return (
    <div className="bundle-progress">
      <div
        role="progressbar"
        aria-label={text}
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={done}
        aria-valuetext={text}
        className="bundle-progress-bar"
      >
        <div className="bundle-progress-fill" style={{ width: `${(100 * done) / total}%` }} />
      </div>
      <p className="note">{text}</p>
    </div>
  );
}
