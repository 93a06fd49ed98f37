import type { OpenProgress } from '../../shared/workspace';
import { openProgressText, progressValue } from './openProgressText';

/**
 * A workspace opening or being joined: what is happening and how far along, in a live region a
 * screen reader tells, a bar when the step knows its whole, and a way back to the list.
 */
export function OpenProgressStatus({
  what,
  progress,
  onCancel,
}: {
  /** "Joining the workspace", "Opening Sector Table". */
  what: string;
  progress: OpenProgress | null;
  onCancel: () => void;
}) {
  const text = openProgressText(progress);
  const value = progressValue(progress);
  return (
    <section className="card open-progress" aria-labelledby="open-progress-title">
      <h2 id="open-progress-title">{what}</h2>
      <p role="status" aria-live="polite" data-phase={progress?.phase ?? 'starting'}>
        {text}
      </p>
      <div
        role="progressbar"
        aria-label={what}
        aria-valuetext={text}
        aria-valuemin={value ? 0 : undefined}
        aria-valuemax={value?.max}
        aria-valuenow={value?.now}
        className="open-progress-bar"
      >
        <div
          className={value ? 'open-progress-fill' : 'open-progress-fill indeterminate'}
          style={value ? { width: `${(100 * value.now) / value.max}%` } : undefined}
        />
      </div>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </section>
  );
}
