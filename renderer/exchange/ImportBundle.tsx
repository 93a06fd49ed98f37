import { useState } from 'react';

import { handler } from '../app/forms';
import { useHost } from '../host';
import type { WorkspaceClient } from '../session/WorkspaceClient';
import { BundleProgressBar, useLongRunning } from './BundleProgressBar';
import { BundleRefused } from '../../shared/workspace';
import type { BundleImport, BundleProgress } from '../../shared/workspace';
import { BUNDLE_FILTER } from './fileFilters';
import { ImportSummary } from './ImportSummary';

/**
 * "Import a bundle…": the file the user picks is checked whole before anything is applied; a refusal
 * is its one line, and then nothing changed.
 */
export function ImportBundle({ client }: { client: WorkspaceClient }) {
  const host = useHost();
  const [progress, setProgress] = useState<BundleProgress | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [done, setDone] = useState<{ fileName: string; result: BundleImport } | null>(null);
  const work = useLongRunning();

  const importOne = handler(async () => {
    setRefusal(null);
    try {
      const file = await host.files.open({ filters: [BUNDLE_FILTER] });
      if (!file) return;
      setDone(null);
      setProgress(null);
      const result = await work.run(() => client.importBundle(file.data, { onProgress: setProgress }));
      setDone({ fileName: file.name, result });
    } catch (err) {
      // A refusal's message is written for a person; anything else is a fault, said as one.
      setRefusal(
        err instanceof BundleRefused
          ? err.message
          : `The import failed: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  });

  return (
    <div className="exchange-import">
      <button type="button" onClick={importOne} disabled={work.running}>
        Import a bundle…
      </button>
      {work.long && <BundleProgressBar progress={progress} />}
      {refusal && (
        <p role="alert" className="bundle-refusal">
          {refusal}
        </p>
      )}
      {done && <ImportSummary fileName={done.fileName} result={done.result} />}
    </div>
  );
}
