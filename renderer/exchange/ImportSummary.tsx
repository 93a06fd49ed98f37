import { useNavigation } from '../workspaces/navigation';
import { formatCount, formatWhen, importCountsText, noteIdOfDoc } from './bundleText';
import type { BundleImport } from '../../shared/workspace';

/** After an import: what was new, from whom, and links to the organizations and notes it changed. */
export function ImportSummary({ fileName, result }: { fileName: string; result: BundleImport }) {
  const navigation = useNavigation();
  const { summary } = result;
  return (
    <section className="import-summary" aria-label="Import summary">
      <p role="status">
        Imported {fileName} from {summary.exporter.name} (made {formatWhen(summary.createdAt)}):{' '}
        {importCountsText(result)}.
      </p>
      {result.new === 0 && <p>Nothing new: everything it carries was already here.</p>}
      {summary.authors.length > 0 && (
        <p>New from: {summary.authors.map((a) => `${a.name} (${formatCount(a.envelopes)})`).join(', ')}</p>
      )}
      {result.warnings.length > 0 && (
        <ul aria-label="Warnings" className="import-warnings">
          {result.warnings.map((w, i) => (
            <li key={i}>{w}</li>
          ))}
        </ul>
      )}
      {summary.organizations.length > 0 && (
        <>
          <h4 id="import-orgs">Organizations that changed</h4>
          <ul aria-labelledby="import-orgs">
            {summary.organizations.map((o) => (
              <li key={o.orgId}>
                <button type="button" className="link" onClick={() => navigation.openCard(o.orgId)}>
                  {o.name}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      {summary.notes.length > 0 && (
        <>
          <h4 id="import-notes">Notes that changed</h4>
          <ul aria-labelledby="import-notes">
            {summary.notes.map((n) => (
              <li key={n.docId}>
                <button type="button" className="link" onClick={() => navigation.openNote(noteIdOfDoc(n.docId))}>
                  {n.title || 'Untitled note'}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
