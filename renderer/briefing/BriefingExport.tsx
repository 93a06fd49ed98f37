import { useState } from 'react';

import { briefingMarkdown, briefingPdf } from '../../shared/briefing';
import type { Briefing } from '../../shared/briefing/types';
import { utf8 } from '../../shared/crypto';
import { detach } from '../app/forms';
import { useHost } from '../host';
import { briefingFileName } from './briefingText';

/**
 * Export PDF and Export Markdown, saved through the host (a save dialog in the desktop app, a download in
 * a browser), and a status line that says what was written or why not. `make` builds the briefing afresh,
 * so the file holds the bottom line as it is now, not as it was at the last preview.
 */
export function BriefingExport({ make }: { make: () => Promise<Briefing> }) {
  const host = useHost();
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);

  const exportAs = async (kind: 'pdf' | 'md') => {
    setBusy(true);
    setMessage(kind === 'pdf' ? 'Making the PDF…' : 'Making the Markdown…');
    try {
      const b = await make();
      const data = kind === 'md' ? utf8(briefingMarkdown(b)) : (await briefingPdf(b)).bytes;
      const audience = b.audience.compartmentId === null ? 'everything' : b.audience.title;
      const saved = await host.files.save({
        suggestedName: briefingFileName(b.from, b.to, audience, kind),
        data,
        filters: [kind === 'md' ? { name: 'Markdown', extensions: ['md'] } : { name: 'PDF', extensions: ['pdf'] }],
      });
      setMessage(saved ? `Saved ${saved.name}.` : 'Nothing was saved: the save was cancelled.');
    } catch (err) {
      setMessage(`Export failed: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="briefing-export">
      <button type="button" disabled={busy} onClick={() => detach(exportAs('pdf'))}>
        Export PDF
      </button>
      <button type="button" disabled={busy} onClick={() => detach(exportAs('md'))}>
        Export Markdown
      </button>
      <p role="status" aria-label="Export">
        {message}
      </p>
    </div>
  );
}
