import { useEffect } from 'react';

/** Calls `lock` after `idleMs` without a key press or pointer move, while `active`. */
export function useIdleLock(active: boolean, idleMs: number, lock: () => void): void {
  useEffect(() => {
    if (!active) return;
    let timer = setTimeout(lock, idleMs);
    const reset = () => {
      clearTimeout(timer);
      timer = setTimeout(lock, idleMs);
    };
    const events = ['keydown', 'pointerdown', 'pointermove', 'wheel'] as const;
    for (const e of events) window.addEventListener(e, reset, { passive: true });
    return () => {
      clearTimeout(timer);
      for (const e of events) window.removeEventListener(e, reset);
    };
  }, [active, idleMs, lock]);
}
