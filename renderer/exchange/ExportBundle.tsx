import { useState } from 'react';
import type { FormEvent } from 'react';

import { handler } from '../app/forms';
import { useHost } from '../host';
import type { WorkspaceClient } from '../session/WorkspaceClient';
import { AudienceFields } from './AudienceFields';
import { BundleProgressBar, useLongRunning } from './BundleProgressBar';
import { bundleFileName, exportSummaryLines } from './bundleText';
import type { BundleProgress } from '../../shared/workspace';
import { exportOptions, recipientCandidates } from './exportChoice';
import { BUNDLE_FILTER, STATE_FILTER } from './fileFilters';

const toggled = (set: ReadonlySet<string>, id: string) => {
  const next = new Set(set);
  if (!next.delete(id)) next.add(id);
  return next;
};

/**
 * "Export for another network…": a bundle of what the other side may read (whole compartments, or what
 * chosen people may read), only what it lacks when its state file is at hand, saved where the user picks.
 */
export function ExportBundle({
  client,
  title,
  titleOf,
  nameOf,
}: {
  client: WorkspaceClient;
  title: string;
  titleOf: (compartmentId: string) => string;
  nameOf: (memberId: string) => string;
}) {
  const host = useHost();
  const held = client.api.compartments();
  const [open, setOpen] = useState(false);
  const [by, setBy] = useState<'compartments' | 'recipients'>('compartments');
  const [compartments, setCompartments] = useState<ReadonlySet<string>>(
    () => new Set(held.map((c) => c.compartmentId)),
  );
  const [recipients, setRecipients] = useState<ReadonlySet<string>>(new Set());
  const [since, setSince] = useState<{ name: string; data: Uint8Array } | null>(null);
  const [progress, setProgress] = useState<BundleProgress | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [made, setMade] = useState<string[] | null>(null);
  const work = useLongRunning();

  const pickTheirState = handler(async () => {
    setError(null);
    try {
      const file = await host.files.open({ filters: [STATE_FILTER] });
      if (file) setSince(file);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  });

  const exportNow = handler(async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setError(null);
    const choice =
      by === 'compartments' ? { by, compartments: [...compartments] } : { by, recipients: [...recipients] };
    const chosen = exportOptions(choice, held);
    if (!chosen.ok) return setError(chosen.error);
    setProgress(null);
    try {
      const bundle = await work.run(() =>
        client.exportBundle({ ...chosen.options, ...(since ? { since: since.data } : {}), onProgress: setProgress }),
      );
      const saved = await host.files.save({
        suggestedName: bundleFileName(title, new Date(), 'utbundle'),
        data: bundle.file,
        filters: [BUNDLE_FILTER],
      });
      if (!saved) return;
      setMade(exportSummaryLines(saved.name, bundle, titleOf, nameOf));
      setOpen(false);
    } catch (err) {
      setError(`The export failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  });

  return (
    <div className="exchange-export">
      <button type="button" onClick={() => setOpen(true)} disabled={open} aria-haspopup="dialog">
        Export for another network…
      </button>
      {made && (
        <ul role="status" aria-label="Export made" className="export-made">
          {made.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
      {open && (
        <section className="card exchange-dialog" role="dialog" aria-modal="false" aria-labelledby="export-title">
          <h3 id="export-title">Export for another network</h3>
          <form aria-label="Export a bundle" onSubmit={exportNow}>
            <AudienceFields
              held={held}
              candidates={recipientCandidates(held, client.workspace.me)}
              by={by}
              compartments={compartments}
              recipients={recipients}
              titleOf={titleOf}
              nameOf={nameOf}
              onBy={setBy}
              onToggle={(list, id) =>
                list === 'compartments' ? setCompartments((s) => toggled(s, id)) : setRecipients((s) => toggled(s, id))
              }
            />
            <fieldset>
              <legend>What the other side already has</legend>
              {since ? (
                <p>
                  Only what is missing from {since.name} goes in.{' '}
                  <button type="button" onClick={() => setSince(null)}>
                    Carry everything instead
                  </button>
                </p>
              ) : (
                <p>
                  Everything goes in.{' '}
                  <button type="button" onClick={pickTheirState}>
                    Use what they already have…
                  </button>
                </p>
              )}
            </fieldset>
            {error && <p role="alert">{error}</p>}
            {work.long && <BundleProgressBar progress={progress} />}
            <button type="submit" disabled={work.running}>
              Export…
            </button>{' '}
            <button type="button" onClick={() => setOpen(false)} disabled={work.running}>
              Cancel
            </button>
          </form>
        </section>
      )}
    </div>
  );
}
