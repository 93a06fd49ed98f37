import { useState } from 'react';

import { handler } from '../app/forms';
import { useHost } from '../host';
import type { WorkspaceClient } from '../session/WorkspaceClient';
import { bundleFileName, formatBytes } from './bundleText';
import { STATE_FILTER } from './fileFilters';

/** "Save what this machine has…": a small signed, sealed file the other side's export makes a delta against. */
export function SaveStateFile({ client, title }: { client: WorkspaceClient; title: string }) {
  const host = useHost();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const save = handler(async () => {
    setMessage(null);
    try {
      const data = await client.makeStateFile();
      const saved = await host.files.save({
        suggestedName: bundleFileName(title, new Date(), 'utstate'),
        data,
        filters: [STATE_FILTER],
      });
      if (saved)
        setMessage({
          ok: true,
          text: `Saved ${saved.name} (${formatBytes(data.byteLength)}): hand it to the other side, and their export carries only what this machine lacks.`,
        });
    } catch (err) {
      setMessage({
        ok: false,
        text: `Could not save the state file: ${err instanceof Error ? err.message : String(err)}`,
      });
    }
  });

  return (
    <div className="exchange-state">
      <button type="button" onClick={save}>
        Save what this machine has…
      </button>
      {message && <p role={message.ok ? 'status' : 'alert'}>{message.text}</p>}
    </div>
  );
}
